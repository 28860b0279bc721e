import type { Schemas } from '../api';
import './analytics.css';

export type Rate = Schemas['Rate'];
type Funnel = Schemas['CampaignFunnel'];
type RateWithInterval = Rate & { n: number; ci95: readonly number[] | null };

const DENOMINATORS: Record<string, string> = {
  invites_sent: 'invites sent',
  leads_contacted: 'leads contacted',
  cohort_invited: 'leads invited in the cohort',
  cohort_leads: 'leads in the cohort',
  leads_touched_at_step: 'leads reached at this step',
  daily_limit: 'daily cap',
  weekly_invite_limit: 'weekly invite cap',
};

/** The API's denominator name as words (`leads_contacted` → "leads contacted"). */
export const denominatorName = (name: string): string => DENOMINATORS[name] ?? name.replace(/_/g, ' ');

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`;
}

/** A rate as the API defines it: the value, then num/den and what den counts (promise 8). */
export function RateFigure(props: { rate: Rate; label?: string }) {
  const { rate } = props;
  return (
    <span className="rate" data-num={rate.num} data-den={rate.den}>
      <strong>{percent(rate.value)}</strong>{' '}
      <span className="muted">
        {rate.num}/{rate.den} {denominatorName(rate.den_name)}
      </span>
    </span>
  );
}

/** A rate with its sample size and Wilson 95 % interval (compare). */
export function IntervalFigure(props: { rate: RateWithInterval }) {
  const { rate } = props;
  return (
    <span className="rate">
      <RateFigure rate={rate} />
      <br />
      <span className="muted small">
        n = {rate.n}
        {rate.ci95 && rate.ci95.length === 2 ? ` · 95 % CI ${percent(rate.ci95[0])}–${percent(rate.ci95[1])}` : ' · no interval (n = 0)'}
      </span>
    </span>
  );
}

export interface FunnelStage {
  name: string;
  count: number;
}

/**
 * Stages as bars scaled to the first stage. The bars are drawn for the eye; the numbers are in the
 * text beside them, so the figure reads the same to a screen reader.
 */
export function FunnelBar(props: { stages: FunnelStage[]; label: string; compact?: boolean }) {
  const top = Math.max(1, ...props.stages.map((s) => s.count));
  return (
    <ol className={`funnel${props.compact ? ' compact' : ''}`} aria-label={props.label}>
      {props.stages.map((s) => (
        <li key={s.name} data-stage={s.name}>
          <span className="funnel-name">{s.name}</span>
          <span className="funnel-track" aria-hidden="true">
            <span className="funnel-fill" style={{ width: `${(s.count / top) * 100}%` }} />
          </span>
          <span className="funnel-count">{s.count}</span>
        </li>
      ))}
    </ol>
  );
}

/** Window choices every analytics view offers (local days ending today). */
export const WINDOW_DAYS = [7, 30, 90, 366] as const;

export function WindowSelect(props: { value: number; onChange(days: number): void; id?: string }) {
  return (
    <label className="inline">
      Window
      <select value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {WINDOW_DAYS.map((d) => (
          <option key={d} value={d}>
            last {d} days
          </option>
        ))}
      </select>
    </label>
  );
}

/** The funnel's stages in the order leads move through them; an already-connected lead skips the invite. */
export function funnelStages(f: Pick<Funnel, 'stages'>) {
  return [
    { name: 'invited', count: f.stages.invited },
    ...(f.stages.already_connected ? [{ name: 'already connected', count: f.stages.already_connected }] : []),
    { name: 'connected', count: f.stages.accepted },
    { name: 'messaged', count: f.stages.messaged },
    { name: 'replied', count: f.stages.replied },
  ];
}
