import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { NeedsClient } from '../components/shell';
import { ErrorState, Forbidden, Loading } from '../components/states';
import { useSession } from '../session';
import { StepsFields, type StepDraft, toStepInputs } from './steps-fields';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface WindowProps {
  days: number[];
  setDays(days: number[]): void;
  start: string;
  setStart(value: string): void;
  end: string;
  setEnd(value: string): void;
}

/** When the campaign may act: ISO weekdays and local opening hours (24:00 = until midnight). */
function WindowFields({ days, setDays, start, setStart, end, setEnd }: WindowProps) {
  return (
    <>
      <fieldset>
        <legend>Working days</legend>
        {DAYS.map((label, i) => (
          <label key={label} className="inline">
            <input
              type="checkbox"
              checked={days.includes(i + 1)}
              onChange={(e) => setDays(e.target.checked ? [...days, i + 1].sort() : days.filter((d) => d !== i + 1))}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          Window opens
          <input value={start} onChange={(e) => setStart(e.target.value)} pattern="\d\d:\d\d" maxLength={5} />
        </label>
        <label>
          Window closes
          <input value={end} onChange={(e) => setEnd(e.target.value)} pattern="\d\d:\d\d" maxLength={5} />
        </label>
      </div>
    </>
  );
}

export function NewCampaignPage() {
  const { clientId, canWrite, isAdmin } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accounts = useQuery({
    queryKey: ['accounts', clientId],
    enabled: clientId !== null,
    queryFn: () => unwrap(api.GET('/api/linkedin-accounts', { params: { query: { client_id: clientId ?? undefined, limit: 100 } } })),
  });
  const [name, setName] = useState('');
  const [accountId, setAccountId] = useState('');
  const [days, setDays] = useState([1, 2, 3, 4, 5]);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('17:00');
  const [steps, setSteps] = useState<StepDraft[]>([
    { action: 'invite', template: 'Hi {{first_name}}, happy to connect!', delayMinutes: '0' },
  ]);
  const create = useMutation({
    mutationFn: (body: Schemas['CampaignInput']) => unwrap(api.POST('/api/campaigns', { body })),
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      await navigate({ to: '/campaigns/$campaignId', params: { campaignId: campaign.id } });
    },
  });
  if (!clientId) return <NeedsClient />;
  if (!canWrite) return <Forbidden message="Viewers cannot create campaigns." />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      ...(isAdmin ? { client_id: clientId } : {}),
      name,
      linkedin_account_id: accountId,
      working_days: days,
      working_hours: { start, end },
      steps: toStepInputs(steps),
      custom_fields: [],
      holidays: [],
      message_first_degree: true,
    });
  };
  return (
    <section>
      <h1>New campaign</h1>
      {accounts.isPending && <Loading what="LinkedIn accounts" />}
      {accounts.isError && <ErrorState error={accounts.error} />}
      <form className="card" onSubmit={submit}>
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          LinkedIn account
          <select required value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            <option value="">Choose an account</option>
            {accounts.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.status})
              </option>
            ))}
          </select>
        </label>
        <WindowFields days={days} setDays={setDays} start={start} setStart={setStart} end={end} setEnd={setEnd} />
        <StepsFields steps={steps} onChange={setSteps} />
        {create.isError && <ErrorState error={create.error} action="Creating the campaign" />}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create campaign
        </button>
      </form>
    </section>
  );
}
