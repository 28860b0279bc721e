import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api';
import { AccountUsage } from '../analytics/account-usage';
import { IntervalFigure, WindowSelect } from '../analytics/figures';
import { NeedsClient } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useSession } from '../session';

type Dimension = 'campaign' | 'account';
/** The compare endpoint's ceiling on ids per call. */
const MAX_COMPARE = 50;

function useEntities(dimension: Dimension, clientId: string | null) {
  const campaigns = useQuery({
    queryKey: ['campaigns', clientId],
    enabled: clientId !== null && dimension === 'campaign',
    queryFn: () => unwrap(api.GET('/api/campaigns', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  const accounts = useQuery({
    queryKey: ['accounts', clientId],
    enabled: clientId !== null && dimension === 'account',
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  const q = dimension === 'campaign' ? campaigns : accounts;
  return { ...q, items: (q.data?.items ?? []).map((e) => ({ id: e.id, name: e.name })) };
}

function Compare(props: { clientId: string }) {
  const [dimension, setDimension] = useState<Dimension>('campaign');
  const [days, setDays] = useState(30);
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const entities = useEntities(dimension, props.clientId);
  const ids = entities.items
    .filter((e) => !unchecked.has(e.id))
    .slice(0, MAX_COMPARE)
    .map((e) => e.id);
  const compare = useQuery({
    queryKey: ['compare', dimension, days, ids.join(',')],
    enabled: ids.length > 0,
    queryFn: () => unwrap(api.GET('/api/analytics/compare', { params: { query: { dimension, ids: ids.join(','), days } } })),
  });
  const toggle = (id: string) =>
    setUnchecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="card" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <div className="row">
        <label className="inline">
          Compare what
          <select
            value={dimension}
            onChange={(e) => {
              setDimension(e.target.value as Dimension);
              setUnchecked(new Set());
            }}
          >
            <option value="campaign">campaigns</option>
            <option value="account">LinkedIn accounts</option>
          </select>
        </label>
        <WindowSelect value={days} onChange={setDays} />
      </div>
      {entities.isPending && <Loading what={dimension === 'campaign' ? 'campaigns' : 'accounts'} />}
      {entities.isError && <ErrorState error={entities.error} />}
      {entities.data && entities.items.length === 0 && <Empty>Nothing to compare yet.</Empty>}
      {entities.items.length > 0 && (
        <fieldset className="checks">
          <legend>Include (at most {MAX_COMPARE})</legend>
          {entities.items.map((e) => (
            <label key={e.id} className="inline">
              <input type="checkbox" checked={!unchecked.has(e.id)} onChange={() => toggle(e.id)} /> {e.name}
            </label>
          ))}
        </fieldset>
      )}
      {entities.items.length > 0 && ids.length === 0 && <Empty>Tick at least one to compare.</Empty>}
      {compare.isFetching && !compare.data && <Loading what="the comparison" />}
      {compare.isError && <ErrorState error={compare.error} />}
      {compare.data && ids.length > 0 && (
        <>
          <table aria-label="Comparison">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Invites sent</th>
                <th scope="col">Acceptances</th>
                <th scope="col">Messages sent</th>
                <th scope="col">Leads contacted</th>
                <th scope="col">Leads replied</th>
                <th scope="col">Acceptance rate</th>
                <th scope="col">Reply rate</th>
              </tr>
            </thead>
            <tbody>
              {compare.data.entities.map((e) => (
                <tr key={e.id} data-entity={e.id}>
                  <th scope="row">{e.name}</th>
                  <td>{e.invites_sent}</td>
                  <td>{e.acceptances}</td>
                  <td>{e.messages_sent}</td>
                  <td>{e.leads_contacted}</td>
                  <td>{e.leads_replied}</td>
                  <td data-rate="acceptance">
                    <IntervalFigure rate={e.acceptance_rate} />
                  </td>
                  <td data-rate="reply">
                    <IntervalFigure rate={e.reply_rate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {compare.data.from} to {compare.data.to} ({compare.data.tz}). Intervals are Wilson 95 %: with few leads they are wide, so a
            difference inside them may be chance.
          </p>
        </>
      )}
    </section>
  );
}

type Export = 'timeseries' | 'leads' | 'events';
const EXPORTS: Record<Export, string> = {
  timeseries: 'timeseries.csv (last 30 days, per day)',
  leads: 'leads.csv',
  events: 'events.csv',
};

/** Fetches a CSV with the session's token (a plain link would carry none) and hands it to the browser as a download. */
async function download(kind: Export, campaignId: string): Promise<string> {
  const opts = { params: { path: { id: campaignId } }, parseAs: 'blob' as const };
  const blob = await unwrap<Blob>(
    kind === 'timeseries'
      ? api.GET('/api/analytics/campaigns/{id}/timeseries.csv', { ...opts, params: { ...opts.params, query: { days: 30 } } })
      : kind === 'leads'
        ? api.GET('/api/campaigns/{id}/leads.csv', opts)
        : api.GET('/api/campaigns/{id}/events.csv', opts),
  );
  const name = `${kind}-${campaignId}.csv`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

function Downloads(props: { clientId: string }) {
  const campaigns = useQuery({
    queryKey: ['campaigns', props.clientId],
    queryFn: () => unwrap(api.GET('/api/campaigns', { params: { query: { client_id: props.clientId, limit: 100 } } })),
  });
  const [picked, setPicked] = useState('');
  const campaignId = picked || campaigns.data?.items[0]?.id || '';
  const run = useMutation({ mutationFn: (kind: Export) => download(kind, campaignId) });
  return (
    <section className="card" aria-labelledby="downloads-title">
      <h2 id="downloads-title">CSV downloads</h2>
      {campaigns.isPending && <Loading what="campaigns" />}
      {campaigns.isError && <ErrorState error={campaigns.error} />}
      {campaigns.data && campaigns.data.items.length === 0 && <Empty>No campaign yet.</Empty>}
      {campaigns.data && campaigns.data.items.length > 0 && (
        <div className="row">
          <label>
            Campaign to export
            <select value={campaignId} onChange={(e) => setPicked(e.target.value)}>
              {campaigns.data.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          {(Object.keys(EXPORTS) as Export[]).map((kind) => (
            <button key={kind} type="button" disabled={run.isPending} onClick={() => run.mutate(kind)}>
              Download {EXPORTS[kind]}
            </button>
          ))}
        </div>
      )}
      {run.isError && <ErrorState error={run.error} action="The download" />}
      {run.isSuccess && <p role="status">Downloaded {run.data}.</p>}
    </section>
  );
}

export function AnalyticsPage() {
  const { clientId } = useSession();
  if (!clientId) return <NeedsClient />;
  return (
    <section>
      <h1>Analytics</h1>
      <Compare clientId={clientId} />
      <AccountUsage clientId={clientId} />
      <Downloads clientId={clientId} />
    </section>
  );
}
