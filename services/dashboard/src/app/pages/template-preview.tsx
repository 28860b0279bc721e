import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../api';
import '../analytics/analytics.css';
import { Empty, ErrorState, Loading } from '../components/states';
import type { StepDraft } from './steps-fields';

type Segment = Schemas['TemplatePreview']['segments'][number];

/** Waits until typing pauses so the preview is not asked for on every key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function SegmentText(props: { segment: Segment }) {
  const s = props.segment;
  if (s.kind === 'text') return <>{s.text}</>;
  if (s.kind === 'missing')
    return (
      <mark className="var-missing" title={`this lead has no ${s.variable} and the template gives no fallback`}>
        {`{{${s.variable}}} missing`}
      </mark>
    );
  return (
    <span className={`var-${s.kind}`} title={s.kind === 'fallback' ? `fallback: the lead has no ${s.variable}` : s.variable}>
      {s.text}
    </span>
  );
}

/**
 * A step's template as the sender would render it for one chosen lead of the campaign (the API
 * renders it with the sender's own renderer). A variable the lead lacks is marked missing, never filled in.
 */
export function TemplatePreview(props: { campaignId: string; steps: StepDraft[] }) {
  const [leadId, setLeadId] = useState('');
  const [stepIndex, setStepIndex] = useState(0);
  const [find, setFind] = useState('');
  const search = useSettled(find.trim(), 300);
  // One page of leads (the API searches the rest): a campaign of 100,000 leads is never listed whole.
  const leads = useQuery({
    queryKey: ['campaign', props.campaignId, 'preview-leads', search],
    placeholderData: (previous) => previous,
    queryFn: () =>
      unwrap(
        api.GET('/api/campaigns/{id}/leads', {
          params: { path: { id: props.campaignId }, query: { limit: 50, search: search || undefined } },
        }),
      ),
  });
  const listed = leads.data?.items ?? [];
  const chosenLead = listed.some((l) => l.id === leadId) ? leadId : (listed[0]?.id ?? '');
  const step = props.steps[Math.min(stepIndex, props.steps.length - 1)];
  const template = useSettled(step?.template ?? '', 300);
  const action = step?.action ?? 'message';
  const preview = useQuery({
    queryKey: ['campaign', props.campaignId, 'preview', chosenLead, action, template],
    enabled: chosenLead !== '' && step !== undefined,
    queryFn: () =>
      unwrap(
        api.POST('/api/campaigns/{id}/preview', {
          params: { path: { id: props.campaignId } },
          body: { lead_id: chosenLead, template, action },
        }),
      ),
  });
  return (
    <section aria-labelledby="preview-title" className="card">
      <h2 id="preview-title">Preview</h2>
      {leads.isPending && <Loading what="leads to preview with" />}
      {leads.isError && <ErrorState error={leads.error} />}
      {leads.data && leads.data.items.length === 0 && !search && (
        <Empty>Import leads to preview a step as one of them would receive it.</Empty>
      )}
      {leads.data && (leads.data.items.length > 0 || search) && props.steps.length > 0 && (
        <>
          <div className="row">
            <label>
              Find a lead
              <input
                type="search"
                maxLength={100}
                value={find}
                placeholder="Name, company, title"
                onChange={(e) => setFind(e.target.value)}
              />
            </label>
            <label>
              Preview step
              <select value={stepIndex} onChange={(e) => setStepIndex(Number(e.target.value))}>
                {props.steps.map((s, i) => (
                  <option key={i} value={i}>
                    Step {i + 1} ({s.action})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Preview for lead
              <select value={chosenLead} onChange={(e) => setLeadId(e.target.value)}>
                {leads.data.items.map((l) => (
                  <option key={l.id} value={l.id}>
                    {[l.first_name, l.last_name].filter(Boolean).join(' ') || l.public_identifier || l.id}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {listed.length === 0 && <Empty>No lead of this campaign matches “{search}”.</Empty>}
          {preview.isPending && chosenLead !== '' && <Loading what="the preview" />}
          {preview.isError && <ErrorState error={preview.error} action="Preview" />}
          {preview.data && (
            <div aria-live="polite">
              <p className="preview" data-testid="template-preview">
                {preview.data.segments.map((s, i) => (
                  <SegmentText key={i} segment={s} />
                ))}
              </p>
              {preview.data.ok ? (
                <p className="muted small">This is exactly what the lead would receive ({preview.data.text?.length ?? 0} characters).</p>
              ) : (
                <p role="alert" className="state error">
                  Not sendable to this lead: {preview.data.error?.message}
                </p>
              )}
              {preview.data.problems.length > 0 && (
                <ul className="state error" aria-label="Template problems">
                  {preview.data.problems.map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
