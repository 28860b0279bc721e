import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { NeedsClient } from '../components/shell';
import { Badge, Empty, ErrorState, Loading, formatTime } from '../components/states';
import { useSession } from '../session';
import { CONVERSATION_STATUSES, InboxThread, statusBadgeTone } from './inbox-thread';
import { useInboxStream, type StreamState } from './inbox-stream';

type Conversation = Schemas['InboxConversationListItem'];
type Page = Schemas['InboxConversationPage'];
type Status = Conversation['status'];
type Assignee = 'all' | 'me' | 'unassigned';

const PAGE_SIZE = 25;

interface Filters {
  status: Status | '';
  assignee: Assignee;
  campaign: string;
  account: string;
  label: string;
  unread: '' | 'true' | 'false';
  q: string;
}
const NO_FILTER: Filters = { status: 'open', assignee: 'all', campaign: '', account: '', label: '', unread: '', q: '' };

function LiveIndicator(props: { state: StreamState }) {
  const text = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[props.state];
  return (
    <span className={`live ${props.state}`} role="status" aria-live="polite" data-stream={props.state}>
      <span aria-hidden="true">●</span> {text}
    </span>
  );
}

/** Typing pauses before the API is asked again. */
function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function InboxPage() {
  const { clientId, isAdmin, me } = useSession();
  const stream = useInboxStream();
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const [search, setSearch] = useState('');
  const [label, setLabel] = useState('');
  const q = useDebounced(search.trim());
  const labelFilter = useDebounced(label.trim());
  const [openId, setOpenId] = useState<string | null>(null);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  const campaigns = useQuery({
    queryKey: ['campaigns', clientId],
    enabled: clientId !== null,
    queryFn: () => unwrap(api.GET('/api/campaigns', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  const accounts = useQuery({
    queryKey: ['accounts', clientId],
    enabled: clientId !== null,
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });

  const query = {
    client_id: isAdmin ? (clientId ?? undefined) : undefined,
    status: filters.status || undefined,
    // API keys have no "me": their sessions see every assignee.
    assignee: filters.assignee === 'me' && !me.user_id ? 'all' : filters.assignee,
    campaign_id: filters.campaign || undefined,
    linkedin_account_id: filters.account || undefined,
    label: labelFilter || undefined,
    unread: filters.unread === '' ? undefined : filters.unread === 'true',
    q: q || undefined,
    limit: PAGE_SIZE,
  } as const;
  const list = useInfiniteQuery({
    queryKey: ['inbox', 'list', query],
    enabled: clientId !== null,
    placeholderData: keepPreviousData,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page) => last.next_cursor ?? undefined,
    queryFn: ({ pageParam }): Promise<Page> =>
      unwrap(api.GET('/api/inbox/conversations', { params: { query: { ...query, cursor: pageParam } } })),
  });

  if (!clientId) return <NeedsClient />;
  const meta = list.data?.pages[0]?.meta;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const campaignName = new Map(campaigns.data?.items.map((c) => [c.id, c.name]));
  const accountName = new Map(accounts.data?.items.map((a) => [a.id, a.name]));
  const filtered = filters.assignee !== 'all' || filters.campaign || filters.account || labelFilter || filters.unread || q;

  return (
    <section>
      <div className="row between">
        <h1>Inbox</h1>
        <LiveIndicator state={stream} />
      </div>
      <div className="inbox">
        <div className="inbox-list">
          <div role="group" aria-label="Status" className="tabs">
            {([...CONVERSATION_STATUSES, ''] as const).map((s) => (
              <button key={s || 'any'} type="button" aria-pressed={filters.status === s} onClick={() => set('status', s)}>
                {s || 'any status'}
                {s && meta ? ` (${meta.status[s]})` : ''}
              </button>
            ))}
          </div>
          <div className="row">
            <label>
              Assignee
              <select value={filters.assignee} onChange={(e) => set('assignee', e.target.value as Assignee)}>
                {(['all', 'me', 'unassigned'] as const).map((a) => (
                  <option key={a} value={a} disabled={a === 'me' && !me.user_id}>
                    {{ all: 'Everyone', me: 'Me', unassigned: 'Unassigned' }[a]}
                    {meta ? ` (${meta.assignee[a]})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Unread
              <select value={filters.unread} onChange={(e) => set('unread', e.target.value as Filters['unread'])}>
                <option value="">Read or unread</option>
                <option value="true">Unread only</option>
                <option value="false">Read only</option>
              </select>
            </label>
            <label>
              Campaign
              <select value={filters.campaign} onChange={(e) => set('campaign', e.target.value)}>
                <option value="">Every campaign</option>
                {campaigns.data?.items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Account
              <select value={filters.account} onChange={(e) => set('account', e.target.value)}>
                <option value="">Every account</option>
                {accounts.data?.items.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Label
              <input value={label} maxLength={50} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. hot" />
            </label>
            <label>
              Search messages
              <input
                type="search"
                maxLength={200}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="Words in any message"
              />
            </label>
          </div>
          {list.isPending && <Loading what="conversations" />}
          {list.isError && <ErrorState error={list.error} />}
          {list.data && rows.length === 0 && <Empty>{filtered ? 'No conversation matches.' : 'No conversation here yet.'}</Empty>}
          {rows.length > 0 && (
            <ul className="conversations" aria-label="Conversations">
              {rows.map((c) => (
                <li key={c.id} className={[c.unread ? 'unread' : '', c.id === openId ? 'selected' : ''].join(' ')} data-conversation={c.id}>
                  <button
                    type="button"
                    className="conversation"
                    aria-current={c.id === openId ? 'true' : undefined}
                    onClick={() => setOpenId(c.id)}
                  >
                    <span className="row between">
                      <span className="contact">
                        {c.unread && <span className="sr-only">Unread: </span>}
                        {c.contact_name ?? 'Unknown contact'}
                      </span>
                      <time dateTime={c.last_message_at}>{formatTime(c.last_message_at)}</time>
                    </span>
                    <span className="preview">
                      {c.last_message_direction === 'outbound' ? 'You: ' : ''}
                      {c.last_message_preview ?? '(no text)'}
                    </span>
                    <span className="muted">
                      {c.campaign_id ? (campaignName.get(c.campaign_id) ?? 'A campaign') : 'No campaign'} ·{' '}
                      {accountName.get(c.linkedin_account_id) ?? 'an account'}
                    </span>
                    <span className="row">
                      <Badge value={c.status} tone={statusBadgeTone(c.status)} />
                      {c.assignee_user_id && (
                        <span className="muted">{c.assignee_user_id === me.user_id ? 'assigned to you' : 'assigned'}</span>
                      )}
                      {c.labels.map((l) => (
                        <Badge key={l} value={l} />
                      ))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {list.hasNextPage && (
            <button type="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? 'Loading more…' : 'Load more'}
            </button>
          )}
        </div>
        <div className="inbox-thread">
          {openId ? <InboxThread key={openId} conversationId={openId} /> : <Empty>Pick a conversation to read it.</Empty>}
        </div>
      </div>
    </section>
  );
}
