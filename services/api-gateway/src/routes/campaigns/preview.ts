import { STEP_ACTIONS } from '@outreach/db';
import { leadTemplateValues, renderStepText, templateSegments, validateTemplate } from '@outreach/domain';
import type { GatewayDeps } from '../../deps';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { findCampaign, findPreviewLead } from './store';

// Same ceiling as a step's template (LinkedIn's message limit).
const MAX_TEMPLATE_LENGTH = 8000;

const previewInput = z
  .object({
    template: z.string().max(MAX_TEMPLATE_LENGTH),
    lead_id: z.uuid('must be a UUID'),
    action: z.enum(STEP_ACTIONS).default('message').openapi({ description: 'An invite note is also held to 300 characters' }),
  })
  .strict()
  .openapi('TemplatePreviewInput');

const segmentSchema = z.object({
  kind: z.enum(['text', 'value', 'fallback', 'missing']),
  text: z.string(),
  variable: z.string().optional(),
});

const previewSchema = z
  .object({
    lead_id: z.string(),
    action: z.enum(STEP_ACTIONS),
    ok: z.boolean().openapi({ description: 'True when this lead would be sent exactly `text`' }),
    text: z.string().nullable().openapi({ description: 'The rendered text; null when the lead would not be sent this step' }),
    missing: z.array(z.string()).openapi({ description: 'Variables the lead has no value for and the template gives no fallback' }),
    error: z
      .object({ code: z.enum(['missing_variable', 'note_too_long']), message: z.string() })
      .nullable()
      .openapi({ description: 'Why the sender would record a lead error instead of sending' }),
    problems: z
      .array(z.object({ code: z.string(), message: z.string(), variable: z.string().optional() }))
      .openapi({ description: 'Template problems a save would reject (unknown variable, braces, note length)' }),
    segments: z.array(segmentSchema).openapi({ description: 'The template cut into text and variables, each resolved for this lead' }),
  })
  .openapi('TemplatePreview');

/**
 * `POST /api/campaigns/{id}/preview`: a template rendered for one lead of the campaign by the
 * sender's own renderer, so the preview never shows what the lead would not receive. It writes
 * nothing, but it belongs to the steps editor, which viewers do not have: like every POST it needs
 * write access. Another client's campaign or a lead of another campaign is 404.
 */
export function registerCampaignPreviewRoute(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  route(
    {
      method: 'post',
      path: '/api/campaigns/:id/preview',
      summary: 'Render a step template for one lead of the campaign (missing variables are named, never guessed)',
      tags: ['campaigns'],
      access: 'write',
      params: idParams,
      body: previewInput,
      status: 200,
      response: previewSchema,
    },
    async ({ params, body, auth }) => {
      const campaign = await findCampaign(db, auth, params.id);
      const { lead, accountName } = await findPreviewLead(db, campaign, body.lead_id);
      const values = leadTemplateValues(lead, campaign.name, accountName);
      const rendered = renderStepText(body.template, values, body.action);
      return {
        lead_id: body.lead_id,
        action: body.action,
        ok: rendered.ok,
        text: rendered.ok ? rendered.text : null,
        missing: rendered.ok ? [] : rendered.missing,
        error: rendered.ok ? null : { code: rendered.code, message: rendered.message },
        problems: validateTemplate(body.template, { action: body.action, customFields: campaign.customFields }),
        segments: templateSegments(body.template, values),
      };
    },
  );
}
