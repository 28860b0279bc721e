import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Lead, type LeadStatus } from '../api';
import { Badge, Empty, ErrorState, Loading, formatTime, statusTone } from '../components/states';
import { LeadDrawer } from './lead-drawer';

const STATUSES: LeadStatus[] = [
  'pending_invite',
  'invite_sent',
  'connected',
  'messaged',
  'responded',
  'completed',
  'error',
  'skipped',
  'withdrawn',
];
const PAGE_SIZE = 50;

const fullName = (l: Lead) => [l.first_name, l.last_name].filter(Boolean).join(' ') || l.public_identifier || l.id;

/**
 * One page of leads at a time through the API's cursor (a campaign may hold 100,000): the table never
 * fetches the whole list. The status filter and the search both run in the API.
 */
export function LeadsTable(props: { campaignId: string }) {
  const [status, setStatus] = useState<LeadStatus | ''>('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  // Ask the API once typing pauses, not per keystroke; a new search starts from the first page.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setCursors([]);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['campaign', props.campaignId, 'leads', status, query, cursor ?? null],
    // Live enough to watch a lead move; one page (50 rows) per refresh, whatever the campaign's size.
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/campaigns/{id}/leads', {
          params: {
            path: { id: props.campaignId },
            query: { limit: PAGE_SIZE, cursor, status: status || undefined, search: query || undefined },
          },
        }),
      ),
  });
  const rows = page.data?.items ?? [];
  return (
    <div>
      <div className="row">
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as LeadStatus | '');
              setCursors([]);
            }}
          >
            <option value="">Every status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input
            type="search"
            maxLength={100}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, company, title"
          />
        </label>
      </div>
      {page.isPending && <Loading what="leads" />}
      {page.isError && <ErrorState error={page.error} />}
      {page.data && rows.length === 0 && <Empty>{query || status ? 'No lead matches.' : 'No lead here yet.'}</Empty>}
      {rows.length > 0 && (
        <table aria-label="Leads">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Company</th>
              <th scope="col">Status</th>
              <th scope="col">Step</th>
              <th scope="col">Next action</th>
              <th scope="col">Why it stopped</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.id} data-lead={l.public_identifier ?? l.id}>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(l.id)}>
                    {fullName(l)}
                  </button>
                </td>
                <td>{l.company ?? '—'}</td>
                <td>
                  <Badge value={l.status} tone={statusTone(l.status)} />
                </td>
                <td>{l.current_step + 1}</td>
                <td>{formatTime(l.next_action_at)}</td>
                <td>{l.error_message ?? l.stop_reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.next_cursor}
          onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}
        >
          Next page
        </button>
      </div>
      {open && <LeadDrawer leadId={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
