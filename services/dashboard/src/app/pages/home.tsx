import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap, type Schemas } from '../api';
import { RateFigure } from '../analytics/figures';
import { NeedsClient } from '../components/shell';
import { Badge, Empty, ErrorState, Loading, formatTime, statusTone } from '../components/states';
import { useSession } from '../session';

type OverviewAccount = Schemas['ClientOverview']['accounts'][number];
const ACTIONS = ['invites', 'messages', 'profile_views'] as const;
/** An account this close to a daily cap is shown on the home page (the operator may want to spread load). */
const NEAR_CAP = 0.8;

/** Why an account needs a look, or null when it is running well below its caps. */
function attention(a: OverviewAccount, now: number): string | null {
  if (a.status !== 'OK') return `LinkedIn status ${a.status}`;
  if (a.paused_reason) return `paused: ${a.paused_reason}`;
  if (a.cooldown_until && Date.parse(a.cooldown_until) > now) return `cooling down until ${formatTime(a.cooldown_until)}`;
  const near = ACTIONS.filter((k) => (a.today[k].utilisation.value ?? 0) >= NEAR_CAP);
  return near.length > 0 ? `near its daily cap: ${near.map((k) => k.replace('_', ' ')).join(', ')}` : null;
}

function Tile(props: { label: string; value: number; children?: React.ReactNode }) {
  return (
    <div className="tile">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
      {props.children && <dd className="small">{props.children}</dd>}
    </div>
  );
}

export function HomePage() {
  const { clientId } = useSession();
  const overview = useQuery({
    queryKey: ['overview', clientId],
    enabled: clientId !== null,
    refetchInterval: 30_000,
    queryFn: () => unwrap(api.GET('/api/analytics/clients/{id}/overview', { params: { path: { id: clientId ?? '' } } })),
  });
  if (!clientId) return <NeedsClient />;
  if (overview.isPending) return <Loading what="the overview" />;
  if (overview.isError) return <ErrorState error={overview.error} />;
  const o = overview.data;
  const now = Date.parse(o.as_of);
  const flagged = o.accounts.map((a) => ({ a, why: attention(a, now) })).filter((x) => x.why !== null);
  return (
    <section>
      <h1>Overview</h1>
      <p className="muted">
        As of {formatTime(o.as_of)}, days and weeks in {o.tz} (a week starts Monday 00:00).
      </p>
      <dl className="tiles" aria-label="Overview figures">
        <Tile label="Active campaigns" value={o.active_campaigns.length} />
        <Tile label="Replies today" value={o.replies_today} />
        <Tile label="Replies this week" value={o.replies_this_week} />
        <Tile label="Replies awaiting an operator" value={o.replies_awaiting_operator}>
          <a href="/inbox">Open the inbox</a>
        </Tile>
      </dl>
      <div className="grid-2">
        <section className="card" aria-labelledby="active-title">
          <h2 id="active-title">Active campaigns</h2>
          {o.active_campaigns.length === 0 ? (
            <Empty>No campaign is running. Start one from the campaigns page.</Empty>
          ) : (
            <ul>
              {o.active_campaigns.map((c) => (
                <li key={c.id}>
                  <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="attention-title">
          <h2 id="attention-title">Accounts needing attention</h2>
          {flagged.length === 0 ? (
            <Empty>
              Every account is connected and below {NEAR_CAP * 100} % of its daily caps.{' '}
              {o.accounts.length === 0 && 'This client has no LinkedIn account yet.'}
            </Empty>
          ) : (
            <table aria-label="Accounts needing attention">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Why</th>
                  <th scope="col">Invites today</th>
                  <th scope="col">Messages today</th>
                </tr>
              </thead>
              <tbody>
                {flagged.map(({ a, why }) => (
                  <tr key={a.id} data-account-id={a.id}>
                    <td>
                      <Link to="/accounts">{a.name}</Link> <Badge value={a.status} tone={statusTone(a.status)} />
                    </td>
                    <td>{why}</td>
                    <td>
                      <RateFigure rate={a.today.invites.utilisation} />
                    </td>
                    <td>
                      <RateFigure rate={a.today.messages.utilisation} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </section>
  );
}
