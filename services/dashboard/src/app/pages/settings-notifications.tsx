import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { ErrorState, Loading } from '../components/states';
import { useSession } from '../session';

const splitEmails = (text: string) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .slice(0, 100);

function SettingsFields(props: { settings: Schemas['NotificationSettings']; clientId: string; canWrite: boolean }) {
  const s = props.settings;
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(s.enabled);
  const [recipients, setRecipients] = useState(s.recipients.join(', '));
  const [digest, setDigest] = useState(String(s.digest_minutes));
  const [reports, setReports] = useState(s.reports_enabled);
  const [reportRecipients, setReportRecipients] = useState(s.report_recipients.join(', '));
  useEffect(() => {
    setEnabled(s.enabled);
    setRecipients(s.recipients.join(', '));
    setDigest(String(s.digest_minutes));
    setReports(s.reports_enabled);
    setReportRecipients(s.report_recipients.join(', '));
  }, [s]);
  const save = useMutation({
    // PUT replaces everything: fields this form does not show are sent back as they are.
    mutationFn: () =>
      unwrap(
        api.PUT('/api/clients/{id}/notification-settings', {
          params: { path: { id: props.clientId } },
          body: {
            enabled,
            recipients: splitEmails(recipients),
            digest_minutes: Number(digest) || 0,
            reports_enabled: reports,
            report_recipients: splitEmails(reportRecipients),
            report_weekday: s.report_weekday,
            report_hour: s.report_hour,
            slack_webhook_url: s.slack_webhook_url,
            webhook: { url: s.webhook.url, events: s.webhook.events },
            rotate_webhook_secret: false,
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notification-settings', props.clientId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const ro = !props.canWrite;
  return (
    <form onSubmit={submit}>
      {!s.platform.notifications_enabled && (
        <p className="state error">Notifications are switched off for the whole platform (NOTIFICATIONS_ENABLED).</p>
      )}
      <label className="inline">
        <input type="checkbox" disabled={ro} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Reply notifications
      </label>
      <label>
        Reply notification emails
        <input disabled={ro} maxLength={5000} value={recipients} onChange={(e) => setRecipients(e.target.value)} />
      </label>
      <label>
        Digest window (minutes, 0 = one email per reply)
        <input type="number" min={0} max={1440} disabled={ro} value={digest} onChange={(e) => setDigest(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" disabled={ro} checked={reports} onChange={(e) => setReports(e.target.checked)} /> Weekly report
      </label>
      <label>
        Weekly report emails
        <input disabled={ro} maxLength={5000} value={reportRecipients} onChange={(e) => setReportRecipients(e.target.value)} />
      </label>
      {save.isError && <ErrorState error={save.error} action="Saving the settings" />}
      {save.isSuccess && <p role="status">Settings saved.</p>}
      {props.canWrite && (
        <button type="submit" className="primary" disabled={save.isPending}>
          Save notification settings
        </button>
      )}
    </form>
  );
}

export function NotificationSettingsForm(props: { clientId: string }) {
  const { canWrite } = useSession();
  const settings = useQuery({
    queryKey: ['notification-settings', props.clientId],
    queryFn: () => unwrap(api.GET('/api/clients/{id}/notification-settings', { params: { path: { id: props.clientId } } })),
  });
  return (
    <section className="card" aria-labelledby="notif-title">
      <h2 id="notif-title">Notifications</h2>
      {settings.isPending && <Loading what="notification settings" />}
      {settings.isError && <ErrorState error={settings.error} />}
      {settings.data && <SettingsFields settings={settings.data} clientId={props.clientId} canWrite={canWrite} />}
    </section>
  );
}

/** The real weekly report HTML, in a sandboxed frame: no script, no same-origin access. */
export function ReportPreview(props: { clientId: string }) {
  const [week, setWeek] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const preview = useQuery({
    queryKey: ['report-preview', props.clientId, shown],
    enabled: shown !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/clients/{id}/reports/preview', { params: { path: { id: props.clientId }, query: shown ? { week: shown } : {} } }),
      ),
  });
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">Weekly report preview</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setShown(week.trim());
        }}
      >
        <label>
          ISO week (empty = last week)
          <input value={week} maxLength={8} placeholder="2026-W09" onChange={(e) => setWeek(e.target.value)} />
        </label>
        <button type="submit">Preview the report</button>
      </form>
      {shown !== null && preview.isPending && <Loading what="the report" />}
      {preview.isError && <ErrorState error={preview.error} />}
      {preview.data && (
        <>
          <p>
            <strong>{preview.data.subject}</strong> ({preview.data.week})
          </p>
          <iframe title="Weekly report preview" className="report" sandbox="" srcDoc={preview.data.html} />
        </>
      )}
    </section>
  );
}
