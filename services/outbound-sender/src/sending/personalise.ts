import type { Lead } from '@outreach/db';
import { leadTemplateValues, type RenderedStep } from '@outreach/domain';

// One renderer for the sender and the dashboard's preview (`POST /api/campaigns/{id}/preview`).
export { renderStepText } from '@outreach/domain';
export type Rendered = RenderedStep;

/** The template variables of one lead, taken only from that lead's own row (never a cache, never another row). */
export function templateValues(lead: Lead, campaignName: string, accountName: string): Record<string, string | null> {
  return leadTemplateValues(lead, campaignName, accountName);
}
