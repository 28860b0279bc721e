import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { csvTooLarge, MAX_CSV_BYTES, readLeadCsv } from '../../lead-import/csv';
import { importLeads, MAX_LEADS_PER_IMPORT } from '../../lead-import/import-leads';
import type { RawLeadRow } from '../../lead-import/rows';
import { findCampaign } from './store';
import { importQuery, importResultSchema, leadImportBody } from './schemas';

const CSV_DESCRIPTION = [
  'A CSV file with a header line: `first_name,last_name,company,title` and `profile_url` or `public_identifier`.',
  'Every other column becomes a custom field named after its header (`Company Size` → `{{company_size}}`).',
  `At most ${MAX_LEADS_PER_IMPORT} rows. Bad rows are reported with their line (header = line 1) and the others imported.`,
].join(' ');

const notCsv = () =>
  new ApiError(400, 'validation_failed', 'body: send the file with Content-Type: text/csv', [
    { location: 'header', path: 'content-type', message: 'must be text/csv' },
  ]);

/** Lead uploads: a JSON array (integrations) and a CSV file (operators), with one answer shape. */
export function registerLeadImportRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'post',
      path: '/api/campaigns/:id/leads',
      summary: 'Add leads to a campaign (JSON)',
      tags: ['leads'],
      access: 'write',
      params: idParams,
      query: importQuery,
      body: leadImportBody,
      // 10,000 leads with custom fields; every other route keeps the 100 kB default.
      bodyLimit: '5mb',
      status: 200,
      response: importResultSchema,
      responseDescription: 'What was created and what was not, row by row',
    },
    async ({ params, query, body, auth }) => {
      const campaign = await findCampaign(db, auth, params.id);
      const rows: RawLeadRow[] = body.map((lead, index) => ({ ...lead, line: index, custom_fields: lead.custom_fields ?? {} }));
      return importLeads(db, campaign, { rows, invalid: [] }, { allowCrossCampaign: query.allow_cross_campaign === 'true' });
    },
  );

  route(
    {
      method: 'post',
      path: '/api/campaigns/:id/leads/import',
      summary: 'Import leads into a campaign from a CSV file',
      tags: ['leads'],
      access: 'write',
      params: idParams,
      query: importQuery,
      rawBody: { contentType: 'text/csv', description: CSV_DESCRIPTION },
      status: 200,
      response: importResultSchema,
      responseDescription: 'What was created and what was not, line by line',
    },
    async ({ params, query, auth, req }) => {
      if (!req.is(['text/csv', 'application/csv'])) throw notCsv();
      const declared = Number(req.get('content-length') ?? 0);
      if (declared > MAX_CSV_BYTES) throw csvTooLarge(MAX_CSV_BYTES);
      const campaign = await findCampaign(db, auth, params.id);
      // Streamed from the request: the byte, record and row limits apply while it arrives.
      const upload = await readLeadCsv(req, { maxRows: MAX_LEADS_PER_IMPORT });
      return importLeads(db, campaign, upload, { allowCrossCampaign: query.allow_cross_campaign === 'true' });
    },
  );
}
