import type { Schemas } from '../api';

export interface StepDraft {
  action: 'invite' | 'message';
  template: string;
  /** Minutes after the previous step, as typed. */
  delayMinutes: string;
}

export function fromSteps(steps: Schemas['CampaignStep'][]): StepDraft[] {
  return steps.map((s) => ({
    action: s.action,
    template: s.template,
    delayMinutes: 'minutes' in s.delay ? String(s.delay.minutes) : String(s.delay.working_days * 1440),
  }));
}

/** The API validates templates (unknown variables, lengths): the editor sends what was typed. */
export function toStepInputs(steps: StepDraft[]): Schemas['CampaignStepInput'][] {
  return steps.map((s) => ({ action: s.action, template: s.template, delay: { minutes: Number(s.delayMinutes) || 0 } }));
}

/** The sequence as editable fields; templates use {{first_name}}, {{company|fallback}} and the like. */
export function StepsFields(props: { steps: StepDraft[]; onChange(steps: StepDraft[]): void; readOnly?: boolean }) {
  const update = (i: number, patch: Partial<StepDraft>) => props.onChange(props.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className="steps">
      <legend>Steps</legend>
      {props.steps.map((step, i) => (
        <div className="step" key={i}>
          <div className="row">
            <label>
              Step {i + 1} action
              <select
                disabled={props.readOnly}
                value={step.action}
                onChange={(e) => update(i, { action: e.target.value as StepDraft['action'] })}
              >
                <option value="invite">Invite</option>
                <option value="message">Message</option>
              </select>
            </label>
            <label>
              Step {i + 1} delay (minutes)
              <input
                type="number"
                min={0}
                max={525600}
                disabled={props.readOnly}
                value={step.delayMinutes}
                onChange={(e) => update(i, { delayMinutes: e.target.value })}
              />
            </label>
            {!props.readOnly && (
              <button type="button" onClick={() => props.onChange(props.steps.filter((_, j) => j !== i))}>
                Remove step {i + 1}
              </button>
            )}
          </div>
          <label>
            Step {i + 1} template
            <textarea
              rows={3}
              maxLength={8000}
              readOnly={props.readOnly}
              value={step.template}
              onChange={(e) => update(i, { template: e.target.value })}
            />
          </label>
        </div>
      ))}
      {!props.readOnly && (
        <button type="button" onClick={() => props.onChange([...props.steps, { action: 'message', template: '', delayMinutes: '0' }])}>
          Add step
        </button>
      )}
    </fieldset>
  );
}
