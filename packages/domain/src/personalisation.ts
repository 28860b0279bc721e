/** Variables every lead has (possibly empty); custom fields from imports add more. */
export const STANDARD_VARIABLES = [
  'first_name',
  'last_name',
  'full_name',
  'company',
  'title',
  'campaign_name',
  'sender_first_name',
] as const;

/** LinkedIn's limit for an invitation note. */
export const INVITE_NOTE_MAX_LENGTH = 300;

export interface TemplateVariable {
  name: string;
  /** Text after `|` in `{{first_name|there}}`; undefined when the template gives none. */
  fallback: string | undefined;
  raw: string;
}

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:\|([^}]*))?\}\}/g;

/** The `{{variables}}` a template uses, in order. */
export function parseTemplate(template: string): TemplateVariable[] {
  return [...template.matchAll(VARIABLE)].map((m) => ({ name: (m[1] as string).toLowerCase(), fallback: m[2]?.trim(), raw: m[0] }));
}

export interface TemplateProblem {
  code: 'unknown_variable' | 'unbalanced_braces' | 'too_long';
  message: string;
  variable?: string;
}

/**
 * Checks a template when a campaign is written: every variable must be standard or a known custom
 * field, braces must balance, and an invite note must fit LinkedIn's 300 characters (measured with
 * each variable at its fallback or empty, the shortest it can render).
 */
export function validateTemplate(
  template: string,
  options: { action: 'invite' | 'message'; customFields?: readonly string[] },
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const known = new Set<string>([...STANDARD_VARIABLES, ...(options.customFields ?? []).map((f) => f.toLowerCase())]);
  for (const v of parseTemplate(template)) {
    if (!known.has(v.name)) problems.push({ code: 'unknown_variable', variable: v.name, message: `unknown variable {{${v.name}}}` });
  }
  const stripped = template.replace(VARIABLE, '');
  if (stripped.includes('{{') || stripped.includes('}}'))
    problems.push({ code: 'unbalanced_braces', message: 'a {{ or }} does not form a variable' });
  if (options.action === 'invite') {
    const shortest = template.replace(VARIABLE, (_m, _name: string, fallback?: string) => fallback?.trim() ?? '');
    if (shortest.length > INVITE_NOTE_MAX_LENGTH) {
      problems.push({
        code: 'too_long',
        message: `an invite note is at most ${INVITE_NOTE_MAX_LENGTH} characters; this one has at least ${shortest.length}`,
      });
    }
  }
  return problems;
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

/**
 * Renders a template from one lead's own values. A variable the lead lacks is filled only with the
 * template's fallback; without one the message is not sent (`missing` names the variables), so a
 * message never goes out with a blank or another person's name.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | null | undefined>>): RenderResult {
  const missing: string[] = [];
  const text = template.replace(VARIABLE, (_m, rawName: string, fallback?: string) => {
    const value = values[rawName.toLowerCase()]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback.trim();
    missing.push(rawName.toLowerCase());
    return '';
  });
  // A brace pair no variable pattern matched (`{{custom.x}}`, `{{ }}`): templates are validated when
  // written, but a step that bypassed that must still never reach LinkedIn with braces in it.
  // Looked for in the template, not the text: a lead's own value may contain braces.
  for (const stray of template.replace(VARIABLE, '').match(/\{\{[^}]{0,80}\}?\}?/g) ?? [])
    missing.push(stray.replace(/^\{\{\s*|\s*\}*$/g, '') || '(empty)');
  return missing.length > 0 ? { ok: false, missing: [...new Set(missing)] } : { ok: true, text };
}

/** The lead fields a template may read; `custom_fields` come from the import. */
export interface TemplateLead {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  title: string | null;
  customFields: Readonly<Record<string, string>>;
}

/**
 * The template variables of one lead, taken only from that lead's own row (never a cache, never
 * another row). The sender renders from these, and the dashboard's preview uses the same function
 * so what an operator previews is what the lead would receive.
 */
export function leadTemplateValues(lead: TemplateLead, campaignName: string, accountName: string): Record<string, string | null> {
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

export type RenderedStep =
  { ok: true; text: string } | { ok: false; code: 'missing_variable' | 'note_too_long'; message: string; missing: string[] };

/** Renders a step's text; an invite's note must fit LinkedIn's 300 characters after rendering. */
export function renderStepText(
  template: string,
  values: Readonly<Record<string, string | null>>,
  action: 'invite' | 'message',
): RenderedStep {
  const result = renderTemplate(template, values);
  if (!result.ok)
    return {
      ok: false,
      code: 'missing_variable',
      message: `the lead has no value for ${result.missing.map((m) => `{{${m}}}`).join(', ')} and the template gives no fallback`,
      missing: result.missing,
    };
  const text = result.text.trim();
  if (action === 'invite' && text.length > INVITE_NOTE_MAX_LENGTH) {
    return {
      ok: false,
      code: 'note_too_long',
      message: `the rendered invitation note has ${text.length} characters; LinkedIn allows ${INVITE_NOTE_MAX_LENGTH}`,
      missing: [],
    };
  }
  return { ok: true, text };
}

export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'value' | 'fallback'; text: string; variable: string }
  | { kind: 'missing'; text: ''; variable: string };

/**
 * The template cut into literal text and variables, each variable resolved exactly as
 * `renderTemplate` resolves it (the lead's value, else the template's fallback, else missing), so a
 * preview can show where each value came from and mark a missing one instead of guessing it.
 */
export function templateSegments(template: string, values: Readonly<Record<string, string | null | undefined>>): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let at = 0;
  for (const m of template.matchAll(VARIABLE)) {
    if (m.index > at) segments.push({ kind: 'text', text: template.slice(at, m.index) });
    const variable = (m[1] as string).toLowerCase();
    const value = values[variable]?.trim();
    const fallback = m[2];
    if (value) segments.push({ kind: 'value', text: value, variable });
    else if (fallback !== undefined) segments.push({ kind: 'fallback', text: fallback.trim(), variable });
    else segments.push({ kind: 'missing', text: '', variable });
    at = m.index + m[0].length;
  }
  if (at < template.length) segments.push({ kind: 'text', text: template.slice(at) });
  return segments;
}
