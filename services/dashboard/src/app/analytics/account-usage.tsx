import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api';
import { Empty, ErrorState, Loading } from '../components/states';
import { RateFigure } from './figures';

/** One account's daily usage against its caps (account-local days) and its rolling weekly invites. */
export function AccountUsage(props: { clientId: string }) {
  const accounts = useQuery({
    queryKey: ['accounts', props.clientId],
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: props.clientId, limit: 100 } } })),
  });
  const [picked, setPicked] = useState('');
  const [days, setDays] = useState(7);
  const accountId = picked || accounts.data?.items[0]?.id || '';
  const usage = useQuery({
    queryKey: ['rate-usage', accountId, days],
    enabled: accountId !== '',
    queryFn: () => unwrap(api.GET('/api/analytics/accounts/{id}/rate-usage', { params: { path: { id: accountId }, query: { days } } })),
  });
  return (
    <section className="card" aria-labelledby="usage-title">
      <h2 id="usage-title">Account usage</h2>
      {accounts.isPending && <Loading what="accounts" />}
      {accounts.isError && <ErrorState error={accounts.error} />}
      {accounts.data && accounts.data.items.length === 0 && <Empty>This client has no LinkedIn account yet.</Empty>}
      {accounts.data && accounts.data.items.length > 0 && (
        <div className="row">
          <label>
            Account
            <select value={accountId} onChange={(e) => setPicked(e.target.value)}>
              {accounts.data.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Days
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[7, 14, 30, 90].map((d) => (
                <option key={d} value={d}>
                  last {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {usage.isPending && accountId !== '' && <Loading what="usage" />}
      {usage.isError && <ErrorState error={usage.error} />}
      {usage.data && (
        <>
          <p>
            Invites over the last 7 days against the weekly cap: <RateFigure rate={usage.data.rolling_7_day_invites.utilisation} />
          </p>
          <table aria-label="Daily usage">
            <thead>
              <tr>
                <th scope="col">Day ({usage.data.tz})</th>
                <th scope="col">Invites</th>
                <th scope="col">Messages</th>
                <th scope="col">Profile views</th>
                <th scope="col">Provider limit signals</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.days.map((d) => (
                <tr key={d.date} data-date={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>
                    <RateFigure rate={d.invites.utilisation} />
                  </td>
                  <td>
                    <RateFigure rate={d.messages.utilisation} />
                  </td>
                  <td>
                    <RateFigure rate={d.profile_views.utilisation} />
                  </td>
                  <td>{d.unipile_429s}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
