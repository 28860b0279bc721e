import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api';
import { FunnelBar, funnelStages } from './figures';

/** The campaigns list's funnel column: the cohort of the last 366 days (the API's longest window), followed to now. */
export function CampaignFunnelCell(props: { campaignId: string; name: string; started: boolean }) {
  const funnel = useQuery({
    queryKey: ['campaign', props.campaignId, 'funnel', 366, 'cohort'],
    enabled: props.started,
    refetchInterval: 60_000,
    queryFn: () =>
      unwrap(
        api.GET('/api/analytics/campaigns/{id}/funnel', {
          params: { path: { id: props.campaignId }, query: { days: 366, mode: 'cohort' } },
        }),
      ),
  });
  if (!props.started) return <span className="muted">not started</span>;
  if (funnel.isPending) return <span className="muted">…</span>;
  if (funnel.isError) return <span className="muted">{funnel.error.message}</span>;
  return <FunnelBar compact label={`Funnel of ${props.name}`} stages={funnelStages(funnel.data)} />;
}
