import type { Lead } from '@outreach/db';
import { INVITE_NOTE_MAX_LENGTH, renderTemplate } from '@outreach/domain';

export type Rendered = { ok: true; text: string } | { ok: false; code: 'missing_variable' | 'note_too_long'; message: string };

/** The template variables of one lead, taken only from that lead's own row (never a cache, never another row). */
export function templateValues(lead: Lead, campaignName: string, accountName: string): Record<string, string | null> {
  const full = [lead.firstName, lead.lastName]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
  return {
    ...lead.customFields,
    first_name: lead.firstName,
    last_name: lead.lastName,
    full_name: full || null,
    company: lead.company,
    title: lead.title,
    campaign_name: campaignName,
    sender_first_name: accountName.trim().split(/\s+/)[0] ?? null,
  };
}

/** Renders a step's text; an invite's note must fit LinkedIn's 300 characters after rendering. */
export function renderStepText(template: string, values: Record<string, string | null>, action: 'invite' | 'message'): Rendered {
  const result = renderTemplate(template, values);
  if (!result.ok)
    return {
      ok: false,
      code: 'missing_variable',
      message: `the lead has no value for ${result.missing.map((m) => `{{${m}}}`).join(', ')} and the template gives no fallback`,
    };
  const text = result.text.trim();
  if (action === 'invite' && text.length > INVITE_NOTE_MAX_LENGTH) {
    return {
      ok: false,
      code: 'note_too_long',
      message: `the rendered invitation note has ${text.length} characters; LinkedIn allows ${INVITE_NOTE_MAX_LENGTH}`,
    };
  }
  return { ok: true, text };
}
