import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { Drawer } from '../components/dialog';
import { NeedsClient } from '../components/shell';
import { Badge, Empty, ErrorState, Loading, formatTime, statusTone } from '../components/states';
import { useSession } from '../session';

type Account = Schemas['LinkedinAccount'];
const LIMITS = ['daily_invite_limit', 'weekly_invite_limit', 'daily_message_limit', 'daily_profile_view_limit'] as const;
const LIMIT_LABELS: Record<(typeof LIMITS)[number], string> = {
  daily_invite_limit: 'Invites per day',
  weekly_invite_limit: 'Invites per week',
  daily_message_limit: 'Messages per day',
  daily_profile_view_limit: 'Profile views per day',
};

function LimitsForm(props: { account: Account; onDone(): void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(
    Object.fromEntries(LIMITS.map((k) => [k, String(props.account[k])])) as Record<(typeof LIMITS)[number], string>,
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/linkedin-accounts/{id}', {
          params: { path: { id: props.account.id } },
          body: Object.fromEntries(LIMITS.map((k) => [k, Number(values[k])])),
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
      props.onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit}>
      {LIMITS.map((k) => (
        <label key={k}>
          {LIMIT_LABELS[k]}
          <input
            type="number"
            min={0}
            max={100000}
            required
            value={values[k]}
            onChange={(e) => setValues({ ...values, [k]: e.target.value })}
          />
        </label>
      ))}
      {save.isError && <ErrorState error={save.error} action="Saving the limits" />}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save limits
      </button>
    </form>
  );
}

/** Why an account sends or not: the sender refuses a non-OK Unipile status, a pause and a cooldown alike. */
function SendingState(props: { account: Account; held: boolean }) {
  const a = props.account;
  if (a.paused_reason) return <Badge value={`paused: ${a.paused_reason}`} tone="bad" />;
  if (a.status !== 'OK') return <Badge value={`paused: LinkedIn needs a reconnect (${a.status})`} tone="bad" />;
  if (props.held && a.cooldown_until) return <Badge value={`cooling down until ${formatTime(a.cooldown_until)}`} tone="warn" />;
  return <Badge value="sending" tone="good" />;
}

function AccountRow(props: { account: Account; canWrite: boolean }) {
  const a = props.account;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const resume = useMutation({
    mutationFn: () => unwrap(api.POST('/api/linkedin-accounts/{id}/resume', { params: { path: { id: a.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
  });
  const held = a.paused_reason !== null || (a.cooldown_until !== null && new Date(a.cooldown_until) > new Date());
  return (
    <tr data-account={a.unipile_account_id}>
      <td>{a.name}</td>
      <td>
        <Badge value={a.status} tone={statusTone(a.status)} />
      </td>
      <td>
        <SendingState account={a} held={held} />
      </td>
      <td>
        {a.daily_invite_limit}/day, {a.weekly_invite_limit}/week invites · {a.daily_message_limit}/day messages
      </td>
      <td>
        {props.canWrite && (
          <div className="row">
            <button type="button" onClick={() => setEditing(true)}>
              Edit limits of {a.name}
            </button>
            {held && (
              <button type="button" className="primary" disabled={resume.isPending} onClick={() => resume.mutate()}>
                Resume {a.name}
              </button>
            )}
          </div>
        )}
        {resume.isError && <ErrorState error={resume.error} action="Resuming" />}
        <Drawer open={editing} onOpenChange={setEditing} title={`Limits of ${a.name}`}>
          <LimitsForm account={a} onDone={() => setEditing(false)} />
        </Drawer>
      </td>
    </tr>
  );
}

function ConnectButton(props: { clientId: string; isAdmin: boolean }) {
  const connect = useMutation({
    mutationFn: () => unwrap(api.POST('/api/linkedin-accounts/connect', { body: props.isAdmin ? { client_id: props.clientId } : {} })),
    onSuccess: (link) => window.location.assign(link.url),
  });
  return (
    <div>
      <button type="button" className="primary" disabled={connect.isPending} onClick={() => connect.mutate()}>
        Connect a LinkedIn account
      </button>
      {connect.isError && <ErrorState error={connect.error} action="Connecting" />}
    </div>
  );
}

export function AccountsPage() {
  const { clientId, canWrite, isAdmin } = useSession();
  const list = useQuery({
    queryKey: ['accounts', clientId],
    enabled: clientId !== null,
    refetchInterval: 10_000,
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  if (!clientId) return <NeedsClient />;
  return (
    <section>
      <div className="row between">
        <h1>LinkedIn accounts</h1>
        {canWrite && <ConnectButton clientId={clientId} isAdmin={isAdmin} />}
      </div>
      {list.isPending && <Loading what="accounts" />}
      {list.isError && <ErrorState error={list.error} />}
      {list.data && list.data.items.length === 0 && <Empty>No LinkedIn account is connected yet.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Unipile status</th>
              <th scope="col">Sending</th>
              <th scope="col">Limits</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <AccountRow key={a.id} account={a} canWrite={canWrite} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
