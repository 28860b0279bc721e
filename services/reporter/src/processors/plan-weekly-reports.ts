import { listReportSettings, type ReportSettings } from '@outreach/db';
import { enqueue, sendWeeklyReportJob } from '@outreach/queues';
import { previousIsoWeek, weekRange, weeklySlotAt } from '@outreach/reports';
import type { ReporterDeps } from '../deps';

export interface PlanResult {
  enabled: boolean;
  clients: number;
  /** Reports enqueued (or found already enqueued: the job id makes a repeat a no-op). */
  due: Array<{ clientId: string; week: string }>;
}

/**
 * The week a client's report is due for at `now`, or null: due once the client's local clock has
 * passed this week's slot (weekday and hour in `notification_settings`, Monday 08:00 without a
 * row). The report covers the previous ISO week, so a slot missed while the service was down is
 * still honoured later the same week. A client created after that week ended gets nothing for it.
 */
export function dueWeek(settings: ReportSettings, now: Date): string | null {
  if (!settings.reportsEnabled) return null;
  if (now < weeklySlotAt(now, settings.timezone, settings.reportWeekday, settings.reportHour)) return null;
  const week = previousIsoWeek(now, settings.timezone);
  return settings.createdAt >= weekRange(week, settings.timezone).end ? null : week;
}

/**
 * Enqueues `send-weekly-report { clientId, week }` for every client whose slot has passed this
 * week. Runs every REPORT_PLAN_EVERY_SECONDS on any replica; the job id
 * `weekly-report-<client>-<week>` makes the repeats of the rest of the week no-ops, and the emails
 * table's dedupe key stops a second send even if that job was already removed.
 */
export async function processPlanWeeklyReports(deps: ReporterDeps): Promise<PlanResult> {
  if (!deps.reports.enabled) {
    deps.logger.info('weekly reports disabled (WEEKLY_REPORTS_ENABLED=false): nothing planned');
    return { enabled: false, clients: 0, due: [] };
  }
  const now = deps.now();
  const clients = await listReportSettings(deps.db);
  const due: PlanResult['due'] = [];
  for (const settings of clients) {
    let week: string | null;
    try {
      week = dueWeek(settings, now);
    } catch (err) {
      // One client with a zone this runtime does not know must not hold up everyone else's report.
      deps.logger.warn('cannot plan weekly report', { client_id: settings.clientId, timezone: settings.timezone, err });
      continue;
    }
    if (week === null) continue;
    await enqueue(deps.queues, sendWeeklyReportJob, { clientId: settings.clientId, week });
    due.push({ clientId: settings.clientId, week });
  }
  deps.logger.info('weekly reports planned', { clients: clients.length, due: due.length });
  return { enabled: true, clients: clients.length, due };
}
