import { findEmailByDedupeKey, sendEmailOnce, type SendOnceStatus } from '@outreach/email';
import { findReportSettings, listWeeklyReportUnsubscribes } from '@outreach/db';
import type { SendWeeklyReportPayload } from '@outreach/queues';
import { buildWeeklyReport, parseIsoWeek, renderWeeklyReport, signUnsubscribeToken, type WeeklyReport } from '@outreach/reports';
import { UnrecoverableError } from 'bullmq';
import type { ReporterDeps } from '../deps';

export interface SendReportResult {
  skipped?: 'disabled' | 'client_not_found' | 'reports_off' | 'no_recipients';
  /** Outcome per recipient address (lower-cased). */
  recipients: Record<string, SendOnceStatus | 'unsubscribed'>;
}

export interface JobContext {
  /** BullMQ's last attempt: a retryable Resend failure is then recorded as failed instead of thrown. */
  isFinalAttempt: boolean;
}

/** The dedupe key of one recipient's copy: one email per client, week and address, ever. */
export const weeklyReportDedupeKey = (clientId: string, week: string, email: string): string =>
  `weekly-report:${clientId}:${week}:${email}`;

/** This recipient's signed link to the gateway's `GET /api/unsubscribe`. */
export function unsubscribeUrl(deps: ReporterDeps, clientId: string, email: string): string {
  const token = signUnsubscribeToken(deps.reports.unsubscribeSecret, { clientId, email, list: 'weekly_report' });
  return `${deps.reports.publicApiUrl.replace(/\/+$/, '')}/api/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** A zone this runtime does not know will not be known on the next attempt either. */
async function build(deps: ReporterDeps, clientId: string, week: string): Promise<WeeklyReport> {
  try {
    return await buildWeeklyReport(deps.db, clientId, week);
  } catch (err) {
    if (err instanceof RangeError) throw new UnrecoverableError(`cannot build the ${week} report of client ${clientId}: ${err.message}`);
    throw err;
  }
}

/**
 * Sends one client's report for the payload's week to each recipient (settings' report recipients,
 * else `clients.report_emails`) not unsubscribed from it, each with their own signed unsubscribe
 * link. Every copy goes through `sendEmailOnce` under `weekly-report:<client>:<week>:<email>`, so a
 * re-run or a retry after a partial failure sends only what has not been sent. The report is built
 * once per run, and not at all when every copy is already settled.
 */
export async function processSendWeeklyReport(
  deps: ReporterDeps,
  payload: SendWeeklyReportPayload,
  ctx: JobContext = { isFinalAttempt: false },
): Promise<SendReportResult> {
  const { clientId, week } = payload;
  if (!parseIsoWeek(week)) throw new UnrecoverableError(`not an ISO week: ${week}`);
  if (!deps.reports.enabled) {
    deps.logger.info('weekly reports disabled (WEEKLY_REPORTS_ENABLED=false): report not sent', { client_id: clientId, week });
    return { skipped: 'disabled', recipients: {} };
  }
  const settings = await findReportSettings(deps.db, clientId);
  if (!settings) {
    deps.logger.warn('weekly report for a client that no longer exists', { client_id: clientId, week });
    return { skipped: 'client_not_found', recipients: {} };
  }
  if (!settings.reportsEnabled) {
    deps.logger.info('weekly reports turned off for this client: report not sent', { client_id: clientId, week });
    return { skipped: 'reports_off', recipients: {} };
  }

  const unsubscribed = await listWeeklyReportUnsubscribes(deps.db, clientId);
  const recipients: SendReportResult['recipients'] = {};
  const pending: string[] = [];
  // Already trimmed, lower-cased and de-duplicated by the settings resolver.
  for (const email of settings.recipients) {
    if (unsubscribed.has(email)) {
      recipients[email] = 'unsubscribed';
      continue;
    }
    const existing = await findEmailByDedupeKey(deps.db, weeklyReportDedupeKey(clientId, week, email));
    if (existing?.status === 'sent') recipients[email] = 'already_sent';
    else if (existing?.status === 'failed') recipients[email] = 'already_failed';
    else pending.push(email);
  }
  if (Object.keys(recipients).length === 0 && pending.length === 0) {
    deps.logger.info('weekly report has no recipients', { client_id: clientId, week });
    return { skipped: 'no_recipients', recipients };
  }

  let report: WeeklyReport | undefined;
  for (const email of pending) {
    report ??= await build(deps, clientId, week);
    const link = unsubscribeUrl(deps, clientId, email);
    const rendered = renderWeeklyReport(report, { unsubscribeUrl: link, appBaseUrl: deps.reports.appBaseUrl });
    // A throw here (Resend 429/5xx) retries the job; copies already sent are skipped next time.
    const { status } = await sendEmailOnce(
      deps.db,
      deps.transport,
      {
        clientId,
        kind: 'weekly_report',
        dedupeKey: weeklyReportDedupeKey(clientId, week, email),
        to: [email],
        ...rendered,
        headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      },
      { isFinalAttempt: ctx.isFinalAttempt },
    );
    recipients[email] = status;
    if (status === 'failed')
      deps.logger.warn('weekly report refused by the provider', { client_id: clientId, week, email_domain: email.split('@')[1] });
  }
  deps.logger.info('weekly report processed', {
    client_id: clientId,
    week,
    recipients: Object.keys(recipients).length,
    sent: Object.values(recipients).filter((s) => s === 'sent').length,
  });
  return { recipients };
}
