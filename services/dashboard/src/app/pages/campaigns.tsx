import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CampaignFunnelCell } from '../analytics/campaign-funnel-cell';
import { api, unwrap } from '../api';
import { NeedsClient } from '../components/shell';
import { Badge, Empty, ErrorState, Loading, formatTime, statusTone } from '../components/states';
import { useSession } from '../session';

export function CampaignsPage() {
  const { clientId, canWrite } = useSession();
  const list = useQuery({
    queryKey: ['campaigns', clientId],
    enabled: clientId !== null,
    queryFn: () => unwrap(api.GET('/api/campaigns', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  if (!clientId) return <NeedsClient />;
  return (
    <section>
      <div className="row between">
        <h1>Campaigns</h1>
        {canWrite && (
          <Link to="/campaigns/new" className="button primary">
            New campaign
          </Link>
        )}
      </div>
      {list.isPending && <Loading what="campaigns" />}
      {list.isError && <ErrorState error={list.error} />}
      {list.data && list.data.items.length === 0 && <Empty>No campaign yet.{canWrite ? ' Create one to start reaching out.' : ''}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Steps</th>
              <th scope="col">Started</th>
              <th scope="col">Funnel (invited → connected → messaged → replied)</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                    {c.name}
                  </Link>
                </td>
                <td>
                  <Badge value={c.status} tone={statusTone(c.status)} />
                </td>
                <td>{c.steps.length}</td>
                <td>{formatTime(c.started_at)}</td>
                <td>
                  <CampaignFunnelCell campaignId={c.id} name={c.name} started={c.started_at !== null} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
