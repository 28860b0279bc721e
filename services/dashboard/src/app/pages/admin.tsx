import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../api';
import { Badge, Empty, ErrorState, Forbidden, Loading, formatTime, statusTone } from '../components/states';
import { useSession } from '../session';

function Scheduler() {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const status = useQuery({ queryKey: ['scheduler'], queryFn: () => unwrap(api.GET('/api/automation/scheduler/status')) });
  const toggle = useMutation({
    mutationFn: (running: boolean) =>
      running
        ? unwrap(api.POST('/api/automation/scheduler/stop', { body: { reason } }))
        : unwrap(api.POST('/api/automation/scheduler/start', { body: reason ? { reason } : {} })),
    onSuccess: () => {
      setReason('');
      return queryClient.invalidateQueries({ queryKey: ['scheduler'] });
    },
  });
  return (
    <section className="card" aria-labelledby="scheduler-title">
      <h2 id="scheduler-title">Global scheduler</h2>
      {status.isPending && <Loading what="the scheduler" />}
      {status.isError && <ErrorState error={status.error} />}
      {status.data && (
        <>
          <p>
            <Badge value={status.data.running ? 'running' : 'stopped'} tone={status.data.running ? 'good' : 'bad'} />{' '}
            {status.data.reason ?? ''} (since {formatTime(status.data.updated_at)})
          </p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              toggle.mutate(status.data.running);
            }}
          >
            <label>
              Reason
              <input required={status.data.running} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit" className={status.data.running ? 'danger' : 'primary'} disabled={toggle.isPending}>
              {status.data.running ? 'Stop every send' : 'Let workers send again'}
            </button>
          </form>
        </>
      )}
      {toggle.isError && <ErrorState error={toggle.error} action="Switching the scheduler" />}
    </section>
  );
}

function Webhooks() {
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/admin/unipile/webhooks')) });
  const ensure = useMutation({
    mutationFn: () => unwrap(api.POST('/api/admin/unipile/webhooks/ensure')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <div className="row between">
        <h2 id="webhooks-title">Unipile webhooks</h2>
        <button type="button" className="primary" disabled={ensure.isPending} onClick={() => ensure.mutate()}>
          Ensure webhooks
        </button>
      </div>
      {ensure.data && (
        <p role="status">
          Kept {ensure.data.kept.length}, created {ensure.data.created.length}, deleted {ensure.data.deleted.length}.
        </p>
      )}
      {ensure.isError && <ErrorState error={ensure.error} action="Ensuring webhooks" />}
      {hooks.isPending && <Loading what="webhooks" />}
      {hooks.isError && <ErrorState error={hooks.error} />}
      {hooks.data && (
        <>
          {hooks.data.missing_sources.length > 0 && (
            <p className="state error">No healthy webhook for: {hooks.data.missing_sources.join(', ')}</p>
          )}
          {hooks.data.items.length === 0 ? (
            <Empty>Unipile has no webhook.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">URL</th>
                  <th scope="col">Health</th>
                </tr>
              </thead>
              <tbody>
                {hooks.data.items.map((h) => (
                  <tr key={h.id}>
                    <td>{h.source ?? '—'}</td>
                    <td>
                      <code>{h.request_url}</code>
                    </td>
                    <td>
                      {h.healthy ? (
                        <Badge value="healthy" tone="good" />
                      ) : (
                        <Badge value={h.problems.join(', ') || 'unhealthy'} tone="bad" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function Outbox() {
  const outbox = useQuery({
    queryKey: ['outbox'],
    queryFn: () => unwrap(api.GET('/api/admin/outbox', { params: { query: { limit: 20 } } })),
  });
  return (
    <section className="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox (latest 20 emails)</h2>
      {outbox.isPending && <Loading what="the outbox" />}
      {outbox.isError && <ErrorState error={outbox.error} />}
      {outbox.data && outbox.data.items.length === 0 && <Empty>No email yet.</Empty>}
      {outbox.data && outbox.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {outbox.data.items.map((m) => (
              <tr key={m.id}>
                <td>{m.subject}</td>
                <td>{m.to.join(', ')}</td>
                <td>
                  <Badge value={`${m.status} (${m.transport})`} tone={statusTone(m.status)} />
                </td>
                <td>{formatTime(m.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Bull Board reads an HttpOnly cookie: set it first, then open the board in this browser. */
function BullBoardLink() {
  const [error, setError] = useState<unknown>(null);
  const open = async () => {
    setError(null);
    try {
      await unwrap(api.POST('/api/auth/admin-session'));
      window.open('/admin/queues', '_blank', 'noopener');
    } catch (err) {
      setError(err instanceof ApiError ? err : new Error(String(err)));
    }
  };
  return (
    <section className="card" aria-labelledby="queues-title">
      <h2 id="queues-title">Queues</h2>
      <button type="button" className="primary" onClick={() => void open()}>
        Open Bull Board
      </button>
      {error !== null && <ErrorState error={error} action="Opening Bull Board" />}
    </section>
  );
}

export function AdminPage() {
  const { isAdmin } = useSession();
  if (!isAdmin) return <Forbidden message="The admin page is for admins only." />;
  return (
    <section>
      <h1>Admin</h1>
      <Scheduler />
      <BullBoardLink />
      <Webhooks />
      <Outbox />
    </section>
  );
}
