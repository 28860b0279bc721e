import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { Badge, Empty, ErrorState, Loading, formatTime } from '../components/states';
import { useSession } from '../session';

type Conversation = Schemas['InboxConversation'];
type Message = Schemas['InboxMessage'];
type MessagePage = Schemas['InboxMessagePage'];
type Status = Conversation['status'];

export const CONVERSATION_STATUSES: Status[] = ['open', 'pending', 'snoozed', 'closed'];
const MESSAGE_PAGE = 100;
const MAX_REPLY = 8000;

export const statusBadgeTone = (s: Status) => (s === 'open' ? 'good' : s === 'closed' ? 'neutral' : 'warn');

const ORIGIN: Record<Message['origin'], string> = {
  prospect: 'from the contact',
  sequence: 'campaign message',
  inbox: 'inbox reply',
  external_device: 'sent on LinkedIn directly',
};

function MessageItem(props: { m: Message }) {
  const { m } = props;
  return (
    <li className={m.direction} data-message-status={m.status}>
      <span className="meta">
        <strong>{m.direction === 'inbound' ? 'Contact' : 'You'}</strong> · {ORIGIN[m.origin]} ·{' '}
        <time dateTime={m.sent_at}>{formatTime(m.sent_at)}</time>{' '}
        {m.direction === 'outbound' && m.status !== 'sent' && (
          <Badge value={m.status === 'pending' ? 'sending…' : 'failed'} tone={m.status === 'pending' ? 'warn' : 'bad'} />
        )}
      </span>
      <p>{m.text ?? '(no text)'}</p>
      {m.status === 'failed' && <p className="failure">Not sent: {m.failure_reason ?? 'no reason given'}</p>}
    </li>
  );
}

/**
 * The reply box. Each reply submitted carries its own Idempotency-Key; submitting the same text
 * again after a failure reuses it, so a reply whose answer was lost is never sent twice.
 */
function ReplyBox(props: { conversationId: string }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const attempt = useRef<{ text: string; key: string } | null>(null);
  const send = useMutation({
    mutationFn: (body: { text: string; key: string }) =>
      unwrap(
        api.POST('/api/inbox/conversations/{id}/reply', {
          params: { path: { id: props.conversationId }, header: { 'Idempotency-Key': body.key } },
          body: { text: body.text },
        }),
      ),
    onSuccess: () => {
      attempt.current = null;
      setText('');
      return queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    if (attempt.current?.text !== body) attempt.current = { text: body, key: crypto.randomUUID() };
    send.mutate(attempt.current);
  };
  return (
    <form onSubmit={submit} className="reply">
      <label>
        Reply
        <textarea rows={3} maxLength={MAX_REPLY} value={text} onChange={(e) => setText(e.target.value)} disabled={send.isPending} />
      </label>
      {send.isError && <ErrorState error={send.error} action="Sending the reply" />}
      <div className="row end">
        <button type="submit" className="primary" disabled={send.isPending || !text.trim()}>
          {send.isPending ? 'Sending…' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}

function Triage(props: { c: Schemas['InboxConversationDetail'] }) {
  const { c } = props;
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>(c.status);
  const [until, setUntil] = useState('');
  const [untilReply, setUntilReply] = useState(false);
  const [labels, setLabels] = useState(c.labels.join(', '));
  const [assignee, setAssignee] = useState('');
  useEffect(() => setStatus(c.status), [c.status]);
  useEffect(() => setLabels(c.labels.join(', ')), [c.labels]);

  const assignees = useQuery({
    // Not under ['inbox']: stream events do not change who can be assigned.
    queryKey: ['assignees', c.client_id],
    queryFn: () => unwrap(api.GET('/api/inbox/assignees', { params: { query: { client_id: c.client_id } } })),
  });
  const path = { params: { path: { id: c.id } } };
  const done = () => queryClient.invalidateQueries({ queryKey: ['inbox'] });
  const assign = useMutation({
    mutationFn: (userId: string) => unwrap(api.POST('/api/inbox/conversations/{id}/assign', { ...path, body: { user_id: userId } })),
    onSuccess: done,
  });
  const unassign = useMutation({ mutationFn: () => unwrap(api.POST('/api/inbox/conversations/{id}/unassign', path)), onSuccess: done });
  const setConversationStatus = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/inbox/conversations/{id}/status', {
          ...path,
          body:
            status === 'snoozed'
              ? { status, snooze_until: until ? new Date(until).toISOString() : undefined, until_reply: untilReply || undefined }
              : { status },
        }),
      ),
    onSuccess: done,
  });
  const saveLabels = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/inbox/conversations/{id}/labels', {
          ...path,
          body: {
            labels: labels
              .split(',')
              .map((l) => l.trim())
              .filter(Boolean),
          },
        }),
      ),
    onSuccess: done,
  });
  const email = new Map(assignees.data?.items.map((u) => [u.id, u.email]));
  const assignedTo = !c.assignee_user_id
    ? 'nobody'
    : c.assignee_user_id === me.user_id
      ? 'you'
      : (email.get(c.assignee_user_id) ?? 'another user');

  return (
    <div className="triage">
      <div className="row">
        <span>
          Assigned to <strong data-testid="assignee">{assignedTo}</strong>
        </span>
        {me.user_id && c.assignee_user_id !== me.user_id && (
          <button type="button" disabled={assign.isPending} onClick={() => assign.mutate(me.user_id as string)}>
            Assign to me
          </button>
        )}
        {assignees.data && (
          <>
            <label>
              Assign to
              <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                <option value="">Choose a user</option>
                {assignees.data.items.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.email}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={!assignee || assign.isPending} onClick={() => assign.mutate(assignee)}>
              Assign
            </button>
          </>
        )}
        {c.assignee_user_id && (
          <button type="button" disabled={unassign.isPending} onClick={() => unassign.mutate()}>
            Unassign
          </button>
        )}
      </div>
      {assignees.isError && <ErrorState error={assignees.error} action="Listing who can be assigned" />}
      {assign.isError && <ErrorState error={assign.error} action="Assigning" />}
      {unassign.isError && <ErrorState error={unassign.error} action="Unassigning" />}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setConversationStatus.mutate();
        }}
      >
        <label>
          Conversation status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {CONVERSATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {status === 'snoozed' && (
          <>
            <label>
              Snooze until
              <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            </label>
            <label className="inline">
              <input type="checkbox" checked={untilReply} onChange={(e) => setUntilReply(e.target.checked)} /> or until they reply
            </label>
          </>
        )}
        <button type="submit" disabled={setConversationStatus.isPending}>
          Set status
        </button>
      </form>
      {setConversationStatus.isError && <ErrorState error={setConversationStatus.error} action="Setting the status" />}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          saveLabels.mutate();
        }}
      >
        <label>
          Labels (comma-separated)
          <input value={labels} maxLength={1100} onChange={(e) => setLabels(e.target.value)} />
        </label>
        <button type="submit" disabled={saveLabels.isPending}>
          Save labels
        </button>
      </form>
      {saveLabels.isError && <ErrorState error={saveLabels.error} action="Saving the labels" />}
    </div>
  );
}

/** One conversation: who it is with, its messages oldest first, triage and the reply box (not for viewers). */
export function InboxThread(props: { conversationId: string }) {
  const { conversationId } = props;
  const { me, canWrite } = useSession();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['inbox', 'conversation', conversationId],
    queryFn: () => unwrap(api.GET('/api/inbox/conversations/{id}', { params: { path: { id: conversationId } } })),
  });
  const messages = useInfiniteQuery({
    queryKey: ['inbox', 'messages', conversationId],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: MessagePage) => last.next_cursor ?? undefined,
    queryFn: ({ pageParam }): Promise<MessagePage> =>
      unwrap(
        api.GET('/api/inbox/conversations/{id}/messages', {
          params: { path: { id: conversationId }, query: { order: 'asc', limit: MESSAGE_PAGE, cursor: pageParam } },
        }),
      ),
    // The stream says when a pending reply is sent; polling covers a stream that is down meanwhile.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((m) => m.status === 'pending')) ? 5_000 : false),
  });
  const readState = useMutation({
    mutationFn: (state: 'read' | 'unread') => {
      const params = { params: { path: { id: conversationId } } };
      return unwrap(
        state === 'read'
          ? api.POST('/api/inbox/conversations/{id}/read', params)
          : api.POST('/api/inbox/conversations/{id}/unread', params),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['inbox'] }),
  });
  // Opening a conversation reads it, once: "Mark unread" afterwards is not undone by a refetch.
  const markedOnOpen = useRef(false);
  const unread = detail.data?.unread;
  const { mutate } = readState;
  useEffect(() => {
    if (unread && me.user_id && !markedOnOpen.current) {
      markedOnOpen.current = true;
      mutate('read');
    }
  }, [unread, me.user_id, mutate]);

  if (detail.isPending) return <Loading what="the conversation" />;
  if (detail.isError) return <ErrorState error={detail.error} />;
  const c = detail.data;
  const contact = c.participants.find((p) => !p.is_self);
  const name = c.lead ? [c.lead.first_name, c.lead.last_name].filter(Boolean).join(' ') : (contact?.name ?? null);
  const profile = c.lead?.profile_url ?? contact?.profile_url ?? null;
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <article className="card thread" aria-labelledby="thread-title">
      <div className="row between">
        <h2 id="thread-title">{name || 'Unknown contact'}</h2>
        <Badge value={c.status} tone={statusBadgeTone(c.status)} />
      </div>
      <p className="muted">
        {c.lead?.title && `${c.lead.title}${c.lead.company ? ` at ${c.lead.company}` : ''} · `}
        {c.campaign ? `Campaign ${c.campaign.name}` : 'No campaign'}
        {c.lead && ` · lead ${c.lead.status}`}
        {c.status === 'snoozed' &&
          ` · snoozed${c.snooze_until ? ` until ${formatTime(c.snooze_until)}` : ''}${c.snooze_until_reply ? `${c.snooze_until ? ' or' : ''} until they reply` : ''}`}
        {profile && (
          <>
            {' · '}
            <a href={profile} target="_blank" rel="noreferrer">
              LinkedIn profile
            </a>
          </>
        )}
      </p>
      {me.user_id && (
        <div className="row">
          <button type="button" disabled={readState.isPending} onClick={() => readState.mutate(c.unread ? 'read' : 'unread')}>
            {c.unread ? 'Mark read' : 'Mark unread'}
          </button>
          {readState.isError && <ErrorState error={readState.error} />}
        </div>
      )}
      {c.labels.length > 0 && (
        <ul className="labels" aria-label="Labels">
          {c.labels.map((l) => (
            <li key={l}>
              <Badge value={l} />
            </li>
          ))}
        </ul>
      )}
      {canWrite && <Triage c={c} />}
      <h3>Messages</h3>
      {messages.isPending && <Loading what="messages" />}
      {messages.isError && <ErrorState error={messages.error} />}
      {messages.data && items.length === 0 && <Empty>No message in this conversation.</Empty>}
      {items.length > 0 && (
        <ol className="thread-messages" aria-label="Messages">
          {items.map((m) => (
            <MessageItem key={m.id} m={m} />
          ))}
        </ol>
      )}
      {messages.hasNextPage && (
        <button type="button" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
          Load newer messages
        </button>
      )}
      {canWrite && <ReplyBox conversationId={conversationId} />}
    </article>
  );
}
