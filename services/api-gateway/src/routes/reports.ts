import { buildWeeklyReport, parseIsoWeek, previousIsoWeek, renderWeeklyReport } from '@outreach/reports';
import type { GatewayDeps } from '../deps';
import { z } from '../http/openapi';
import type { RouteDefiner } from '../http/route';
import { idParams, timestamp } from '../http/schemas';
import { findOwnedClient } from './clients/store';

const previewQuery = z
  .object({
    week: z
      .string()
      .refine((w) => parseIsoWeek(w) !== null, 'must be an ISO week such as 2026-W09')
      .optional()
      .openapi({ description: "ISO week `YYYY-Www`; the previous week in the client's time zone when omitted", example: '2026-W09' }),
  })
  .strict();

const previewSchema = z
  .object({
    week: z.string().openapi({ example: '2026-W09' }),
    range: z
      .object({ start: timestamp, end: timestamp })
      .openapi({ description: "Local Monday 00:00 (inclusive) to the next Monday 00:00 (exclusive) in the client's time zone" }),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    report: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'The figures the email shows: totals, per campaign, per LinkedIn account, and the week’s replies' }),
  })
  .openapi('WeeklyReportPreview');

/** The weekly report exactly as its recipients would get it (minus their unsubscribe link); sends nothing. */
export function registerReportRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/clients/:id/reports/preview',
      summary: "Render a client's weekly report for a week without sending it",
      tags: ['reports'],
      access: 'read',
      params: idParams,
      query: previewQuery,
      response: previewSchema,
    },
    async ({ params, query, auth }) => {
      const client = await findOwnedClient(db, auth, params.id);
      const week = query.week ?? previousIsoWeek(new Date(), client.timezone);
      const report = await buildWeeklyReport(db, client.id, week);
      const rendered = renderWeeklyReport(report, { unsubscribeUrl: null, appBaseUrl: deps.email.appBaseUrl });
      return {
        week,
        range: { start: report.range.start.toISOString(), end: report.range.end.toISOString() },
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        report,
      };
    },
  );
}
