import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, unwrap, type Campaign } from '../api';
import { ConfirmButton } from '../components/dialog';
import { Badge, ErrorState, Loading, statusTone } from '../components/states';
import { useSession } from '../session';
import { CampaignAnalytics } from '../analytics/campaign-analytics';
import { LeadsTable } from './leads-table';
import { StepsFields, fromSteps, toStepInputs, type StepDraft } from './steps-fields';
import { TemplatePreview } from './template-preview';

type Control = 'start' | 'pause' | 'resume' | 'stop';

const CONTROLS: Record<Control, { label: string; description: string; allowed: Campaign['status'][] }> = {
  start: { label: 'Start', description: 'Leads start receiving invitations within the campaign window.', allowed: ['draft'] },
  pause: { label: 'Pause', description: 'No further action is sent until you resume. Replies are still recorded.', allowed: ['active'] },
  resume: { label: 'Resume', description: 'Sending picks up where it stopped.', allowed: ['paused'] },
  stop: { label: 'Stop', description: 'The campaign ends for good: it cannot be started again.', allowed: ['active', 'paused'] },
};

function Controls(props: { campaign: Campaign }) {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (control: Control) => unwrap(api.POST(`/api/campaigns/{id}/${control}`, { params: { path: { id: props.campaign.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaign', props.campaign.id] }),
  });
  const available = (Object.keys(CONTROLS) as Control[]).filter((c) => CONTROLS[c].allowed.includes(props.campaign.status));
  return (
    <div className="row">
      {available.map((control) => (
        <ConfirmButton
          key={control}
          label={CONTROLS[control].label}
          tone={control === 'stop' ? 'danger' : 'primary'}
          title={`${CONTROLS[control].label} “${props.campaign.name}”?`}
          description={CONTROLS[control].description}
          onConfirm={() => run.mutateAsync(control).catch(() => undefined)}
        />
      ))}
      {run.isError && <ErrorState error={run.error} action={`${CONTROLS[run.variables ?? 'start'].label}`} />}
    </div>
  );
}

function Counts(props: { campaignId: string }) {
  const status = useQuery({
    queryKey: ['campaign', props.campaignId, 'counts'],
    refetchInterval: 5_000,
    queryFn: () => unwrap(api.GET('/api/automation/campaigns/{id}/status', { params: { path: { id: props.campaignId } } })),
  });
  if (status.isPending) return <Loading what="lead counts" />;
  if (status.isError) return <ErrorState error={status.error} />;
  return (
    <dl className="counts" aria-label="Leads per status">
      <div>
        <dt>Total</dt>
        <dd>{status.data.total}</dd>
      </div>
      {Object.entries(status.data.counts).map(([name, count]) => (
        <div key={name}>
          <dt>{name.replace('_', ' ')}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}

function StepsEditor(props: { campaign: Campaign; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState<StepDraft[]>(fromSteps(props.campaign.steps));
  useEffect(() => setSteps(fromSteps(props.campaign.steps)), [props.campaign.steps]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/campaigns/{id}', { params: { path: { id: props.campaign.id } }, body: { steps: toStepInputs(steps) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaign', props.campaign.id] }),
  });
  const editable = props.canWrite && props.campaign.status !== 'stopped' && props.campaign.status !== 'completed';
  return (
    <>
      <section aria-labelledby="steps-title" className="card">
        <h2 id="steps-title">Sequence</h2>
        <StepsFields steps={steps} onChange={setSteps} readOnly={!editable} />
        {save.isError && <ErrorState error={save.error} action="Saving the steps" />}
        {save.isSuccess && !save.isPending && <p role="status">Steps saved.</p>}
        {editable && (
          <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate()}>
            Save steps
          </button>
        )}
      </section>
      {props.canWrite && <TemplatePreview campaignId={props.campaign.id} steps={steps} />}
    </>
  );
}

export function CampaignPage() {
  const { campaignId } = useParams({ from: '/campaigns/$campaignId' });
  const { canWrite } = useSession();
  const campaign = useQuery({
    queryKey: ['campaign', campaignId],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId } } })),
  });
  if (campaign.isPending) return <Loading what="the campaign" />;
  if (campaign.isError) return <ErrorState error={campaign.error} />;
  const c = campaign.data;
  return (
    <section>
      <div className="row between">
        <h1>
          {c.name} <Badge value={c.status} tone={statusTone(c.status)} />
        </h1>
        {canWrite && <Controls campaign={c} />}
      </div>
      <p className="muted">
        Window {c.working_hours.start}–{c.working_hours.end} ({c.timezone}), days {c.working_days.join(', ')}
      </p>
      <Counts campaignId={c.id} />
      <CampaignAnalytics campaignId={c.id} clientId={c.client_id} />
      <StepsEditor campaign={c} canWrite={canWrite} />
      <section aria-labelledby="leads-title" className="card">
        <div className="row between">
          <h2 id="leads-title">Leads</h2>
          {canWrite && (
            <Link to="/campaigns/$campaignId/import" params={{ campaignId: c.id }} className="button">
              Import leads
            </Link>
          )}
        </div>
        <LeadsTable campaignId={c.id} />
      </section>
    </section>
  );
}
