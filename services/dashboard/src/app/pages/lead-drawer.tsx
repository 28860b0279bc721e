import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api';
import { Drawer } from '../components/dialog';
import { Badge, Empty, ErrorState, Loading, formatTime, statusTone } from '../components/states';

/** Why a lead is where it is: its events, and the live messages of its LinkedIn chat. */
export function LeadDrawer(props: { leadId: string; onClose(): void }) {
  const diagnostics = useQuery({
    queryKey: ['lead', props.leadId, 'diagnostics'],
    queryFn: () => unwrap(api.GET('/api/leads/{id}/diagnostics', { params: { path: { id: props.leadId } } })),
  });
  const d = diagnostics.data;
  return (
    <Drawer open onOpenChange={(open) => !open && props.onClose()} title="Lead diagnostics">
      {diagnostics.isPending && <Loading what="the lead's history" />}
      {diagnostics.isError && <ErrorState error={diagnostics.error} />}
      {d && (
        <>
          <p>
            {[d.lead.first_name, d.lead.last_name].filter(Boolean).join(' ')}{' '}
            <Badge value={d.lead.status} tone={statusTone(d.lead.status)} />
          </p>
          {d.lead.error_message && <p className="state error">{d.lead.error_message}</p>}
          <h3>Messages</h3>
          {d.chat_error && <p className="state error">The chat could not be read: {d.chat_error}</p>}
          {!d.chat && !d.chat_error && <Empty>No conversation yet.</Empty>}
          {d.chat && (
            <ol className="messages">
              {d.chat.messages.map((m) => (
                <li key={m.id} className={m.is_sender ? 'ours' : 'theirs'}>
                  <span className="muted">
                    {m.is_sender ? 'We' : 'They'} · {formatTime(m.timestamp)}
                  </span>
                  <p>{m.text ?? '(no text)'}</p>
                </li>
              ))}
            </ol>
          )}
          <h3>Events</h3>
          {d.events.length === 0 && <Empty>No event yet.</Empty>}
          <ol className="events">
            {d.events.map((e) => (
              <li key={e.id}>
                <strong>{e.type}</strong> <span className="muted">{formatTime(e.occurred_at)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Drawer>
  );
}
