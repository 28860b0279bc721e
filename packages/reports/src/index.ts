export { parseIsoWeek, weekRange, previousIsoWeek, isoWeekAt, weekDates, formatIsoWeek, isoWeeksInYear, weeklySlotAt } from './iso-week';
export type { WeeklyReport, ReportMetrics, CampaignReportRow, AccountReportRow, ReportReply } from './report';
export { REPORT_REPLY_LIMIT } from './report';
export { aggregateWeeklyReport, median, type AggregatedReport, type ReportEntities } from './aggregate';
export { buildWeeklyReport } from './build-report';
export { renderWeeklyReport, reportSubject, type RenderReportOptions } from './render';
export {
  signUnsubscribeToken,
  verifyUnsubscribeToken,
  resolveUnsubscribeSecret,
  DEV_UNSUBSCRIBE_SECRET,
  type UnsubscribeClaim,
  type UnsubscribeList,
} from './unsubscribe-token';
