import { once } from 'node:events';
import type { Response } from 'express';
import { streamCampaignEvents, streamCampaignLeads } from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { findCampaign } from '../campaigns/store';
import { csvCell } from './csv';

type Cell = string | number | Date | null;
const cell = (v: Cell) => csvCell(v instanceof Date ? v.toISOString() : v);

/**
 * Writes pages of rows as CSV lines, waiting for the socket to drain whenever its buffer is full:
 * with the cursor's fixed page size, memory stays bounded on a million rows.
 */
async function pipeCsv<T>(
  res: Response,
  filename: string,
  columns: ReadonlyArray<keyof T & string>,
  pages: AsyncIterable<T[]>,
): Promise<void> {
  res.status(200).type('text/csv').setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.write(`${columns.join(',')}\n`);
  for await (const page of pages) {
    const chunk = page.map((row) => columns.map((c) => cell(row[c] as Cell)).join(',')).join('\n');
    if (!res.write(`${chunk}\n`)) await once(res, 'drain');
    if (res.destroyed) break;
  }
  res.end();
}

const LEAD_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'company',
  'title',
  'profile_url',
  'status',
  'current_step',
  'invite_sent_at',
  'connected_at',
  'replied_at',
  'created_at',
] as const;
const EVENT_COLUMNS = ['id', 'occurred_at', 'type', 'lead_id', 'linkedin_account_id', 'step', 'origin'] as const;

/** `/api/campaigns/{id}/leads.csv` and `/events.csv`: streamed, formula cells neutralised, another client's campaign 404. */
export function registerExportRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  route(
    {
      method: 'get',
      path: '/api/campaigns/:id/leads.csv',
      summary: "A campaign's leads as CSV (streamed)",
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      responseDescription: `text/csv: ${LEAD_COLUMNS.join(',')}`,
    },
    async ({ params, auth, res }) => {
      const c = await findCampaign(db, auth, params.id);
      await pipeCsv(res, `leads-${c.id}.csv`, LEAD_COLUMNS, streamCampaignLeads(db, c.clientId, c.id));
    },
  );
  route(
    {
      method: 'get',
      path: '/api/campaigns/:id/events.csv',
      summary: "A campaign's events as CSV, oldest first (streamed)",
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      responseDescription: `text/csv: ${EVENT_COLUMNS.join(',')}`,
    },
    async ({ params, auth, res }) => {
      const c = await findCampaign(db, auth, params.id);
      await pipeCsv(res, `events-${c.id}.csv`, EVENT_COLUMNS, streamCampaignEvents(db, c.clientId, c.id));
    },
  );
}
