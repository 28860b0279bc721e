import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { api, unwrap } from '../api';
import { Empty, ErrorState, Loading } from '../components/states';
import { FunnelBar, RateFigure, WindowSelect, funnelStages } from './figures';
import { SERIES } from './series';

const TimeseriesChart = lazy(() => import('./timeseries-chart'));

type Interval = 'hour' | 'day' | 'week';

function Segmented<T extends string>(props: { label: string; value: T; options: readonly T[]; onChange(v: T): void }) {
  return (
    <div className="segmented" role="group" aria-label={props.label}>
      {props.options.map((o) => (
        <button key={o} type="button" aria-pressed={props.value === o} onClick={() => props.onChange(o)}>
          {o}
        </button>
      ))}
    </div>
  );
}

function Timeseries(props: { campaignId: string; days: number }) {
  const [interval, setInterval] = useState<Interval>('day');
  // Hourly series are bounded to 31 days by the API.
  const days = interval === 'hour' ? Math.min(props.days, 31) : props.days;
  const series = useQuery({
    queryKey: ['campaign', props.campaignId, 'timeseries', days, interval],
    refetchInterval: 30_000,
    queryFn: () =>
      unwrap(
        api.GET('/api/analytics/campaigns/{id}/timeseries', { params: { path: { id: props.campaignId }, query: { days, interval } } }),
      ),
  });
  const totals = series.data ? SERIES.map((s) => ({ ...s, total: series.data.points.reduce((sum, p) => sum + p[s.key], 0) })) : [];
  return (
    <section aria-labelledby="series-title">
      <div className="row between">
        <h3 id="series-title">Activity over time</h3>
        <Segmented<Interval> label="Interval" value={interval} options={['hour', 'day', 'week'] as const} onChange={setInterval} />
      </div>
      {series.isPending && <Loading what="the timeseries" />}
      {series.isError && <ErrorState error={series.error} />}
      {series.data && (
        <>
          {totals.every((t) => t.total === 0) ? (
            <Empty>Nothing was sent or received in this window.</Empty>
          ) : (
            <Suspense fallback={<Loading what="the chart" />}>
              <TimeseriesChart points={series.data.points} />
            </Suspense>
          )}
          <dl className="counts" aria-label="Window totals">
            {totals.map((t) => (
              <div key={t.key} data-series={t.key}>
                <dt>{t.name}</dt>
                <dd>{t.total}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small">
            {series.data.from} to {series.data.to}, {series.data.tz}, per {interval}.
          </p>
        </>
      )}
    </section>
  );
}

function FunnelView(props: { campaignId: string; days: number }) {
  const [mode, setMode] = useState<'cohort' | 'activity'>('cohort');
  const funnel = useQuery({
    queryKey: ['campaign', props.campaignId, 'funnel', props.days, mode],
    refetchInterval: 30_000,
    queryFn: () =>
      unwrap(
        api.GET('/api/analytics/campaigns/{id}/funnel', { params: { path: { id: props.campaignId }, query: { days: props.days, mode } } }),
      ),
  });
  return (
    <section aria-labelledby="funnel-title">
      <div className="row between">
        <h3 id="funnel-title">Funnel</h3>
        <Segmented<'cohort' | 'activity'> label="Funnel mode" value={mode} options={['cohort', 'activity'] as const} onChange={setMode} />
      </div>
      <p className="muted small">
        {mode === 'cohort'
          ? 'Cohort: leads invited (or found connected) in the window, followed to now; each stage is a subset of the one before.'
          : 'Activity: what happened in the window, whoever it happened to; stages are not subsets, so no rate is given.'}
      </p>
      {funnel.isPending && <Loading what="the funnel" />}
      {funnel.isError && <ErrorState error={funnel.error} />}
      {funnel.data && (
        <>
          <FunnelBar label={`Funnel (${funnel.data.mode})`} stages={funnelStages(funnel.data)} />
          {funnel.data.rates && (
            <dl className="counts" aria-label="Funnel rates">
              <div data-rate="acceptance">
                <dt>Acceptance rate</dt>
                <dd>
                  <RateFigure rate={funnel.data.rates.acceptance} />
                </dd>
              </div>
              <div data-rate="reply">
                <dt>Reply rate</dt>
                <dd>
                  <RateFigure rate={funnel.data.rates.reply} />
                </dd>
              </div>
            </dl>
          )}
        </>
      )}
    </section>
  );
}

const hours = (h: number | null) => (h === null ? '—' : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`);

function ReplyAnalytics(props: { campaignId: string; days: number; accountNames: Map<string, string> }) {
  const replies = useQuery({
    queryKey: ['campaign', props.campaignId, 'replies', props.days],
    refetchInterval: 30_000,
    queryFn: () =>
      unwrap(api.GET('/api/analytics/campaigns/{id}/replies', { params: { path: { id: props.campaignId }, query: { days: props.days } } })),
  });
  if (replies.isPending) return <Loading what="reply analytics" />;
  if (replies.isError) return <ErrorState error={replies.error} />;
  const r = replies.data;
  const ttfr = r.time_to_first_reply;
  return (
    <section aria-labelledby="replies-title">
      <h3 id="replies-title">Replies</h3>
      <table aria-label="Time to first reply">
        <thead>
          <tr>
            <th scope="col">Time to first reply</th>
            <th scope="col">p50</th>
            <th scope="col">p90</th>
            <th scope="col">n</th>
          </tr>
        </thead>
        <tbody>
          <tr data-ttfr="from_first_message">
            <th scope="row">from the first message</th>
            <td>{hours(ttfr.from_first_message.p50_hours)}</td>
            <td>{hours(ttfr.from_first_message.p90_hours)}</td>
            <td>{ttfr.from_first_message.n}</td>
          </tr>
          <tr data-ttfr="from_invite">
            <th scope="row">from the invitation</th>
            <td>{hours(ttfr.from_invite.p50_hours)}</td>
            <td>{hours(ttfr.from_invite.p90_hours)}</td>
            <td>{ttfr.from_invite.n}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted small">{ttfr.replied_before_first_message} replied before any message was sent.</p>
      <div className="grid-2">
        <table aria-label="Replies by step">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Replies</th>
              <th scope="col">Reply rate</th>
            </tr>
          </thead>
          <tbody>
            {r.by_step.length === 0 && (
              <tr>
                <td colSpan={3}>No reply yet.</td>
              </tr>
            )}
            {r.by_step.map((s) => (
              <tr key={s.step} data-step={s.step}>
                <td>{s.step}</td>
                <td>{s.replies}</td>
                <td>
                  <RateFigure rate={s.rate} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table aria-label="Reply rate by account">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Reply rate</th>
            </tr>
          </thead>
          <tbody>
            {r.by_account.length === 0 && (
              <tr>
                <td colSpan={2}>No lead contacted yet.</td>
              </tr>
            )}
            {r.by_account.map((a) => (
              <tr key={a.linkedin_account_id ?? 'none'}>
                <td>{a.linkedin_account_id ? (props.accountNames.get(a.linkedin_account_id) ?? a.linkedin_account_id) : 'no account'}</td>
                <td>
                  <RateFigure rate={a.reply_rate} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The campaign page's analytics: timeseries chart, funnel (cohort/activity) and reply analytics over one window. */
export function CampaignAnalytics(props: { campaignId: string; clientId: string }) {
  const [days, setDays] = useState(30);
  const accounts = useQuery({
    queryKey: ['accounts', props.clientId],
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: props.clientId, limit: 100 } } })),
  });
  const names = new Map((accounts.data?.items ?? []).map((a) => [a.id, a.name]));
  return (
    <section aria-labelledby="analytics-title" className="card" id="campaign-analytics">
      <div className="row between">
        <h2 id="analytics-title">Analytics</h2>
        <WindowSelect value={days} onChange={setDays} />
      </div>
      <Timeseries campaignId={props.campaignId} days={days} />
      <div className="grid-2">
        <FunnelView campaignId={props.campaignId} days={days} />
        <ReplyAnalytics campaignId={props.campaignId} days={days} accountNames={names} />
      </div>
    </section>
  );
}
