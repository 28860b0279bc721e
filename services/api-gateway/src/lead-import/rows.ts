import type { ImportedLead } from '@outreach/db';
import { isProviderId, normalizeProfileUrl, normalizePublicIdentifier, refFromProfileUrl } from '@outreach/domain';
import { MAX_CUSTOM_FIELD_LENGTH } from './custom-fields';

/** One lead as uploaded (CSV line or JSON item), before any check. */
export interface RawLeadRow {
  /** CSV: the file line (header = 1). JSON: the item's index in the array (from 0). */
  line: number;
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  title?: string | null;
  profile_url?: string | null;
  public_identifier?: string | null;
  custom_fields: Record<string, string>;
}

export interface InvalidRow {
  line: number;
  reason: string;
}

/** A row that passed every check, with its LinkedIn identifiers normalised. */
export type NormalisedLead = Omit<ImportedLead, 'clientId' | 'campaignId' | 'status' | 'nextActionAt'> & { line: number };

export const MAX_NAME_LENGTH = 200;
export const MAX_PROFILE_URL_LENGTH = 500;

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

interface Identifiers {
  publicIdentifier: string | null;
  providerId: string | null;
}

/** Reads profile_url and public_identifier into one person, or says why they do not name one. */
function readIdentifiers(rawUrl: string | null, rawId: string | null, problems: string[]): Identifiers {
  const ids: Identifiers = { publicIdentifier: null, providerId: null };
  if (!rawUrl && !rawId) {
    problems.push('profile_url or public_identifier is required');
    return ids;
  }
  // Checked before any parsing, and never quoted back: an overlong value is refused as such.
  const tooLong = [
    rawUrl && rawUrl.length > MAX_PROFILE_URL_LENGTH ? `profile_url is longer than ${MAX_PROFILE_URL_LENGTH} characters` : null,
    rawId && rawId.length > MAX_NAME_LENGTH ? `public_identifier is longer than ${MAX_NAME_LENGTH} characters` : null,
  ].filter((p): p is string => p !== null);
  if (tooLong.length > 0) {
    problems.push(...tooLong);
    return ids;
  }
  if (rawUrl) {
    const ref = refFromProfileUrl(rawUrl);
    if (!ref.publicIdentifier && !ref.providerId)
      problems.push(`profile_url "${rawUrl}" is not a LinkedIn profile URL (https://www.linkedin.com/in/…)`);
    ids.publicIdentifier = ref.publicIdentifier ?? null;
    ids.providerId = ref.providerId ?? null;
  }
  if (rawId) {
    // A provider id (ACoA…) is case-sensitive; only vanity slugs are lower-cased.
    const fromId: Identifiers = isProviderId(rawId)
      ? { publicIdentifier: null, providerId: rawId }
      : { publicIdentifier: normalizePublicIdentifier(rawId), providerId: null };
    if (!fromId.publicIdentifier && !fromId.providerId) problems.push(`public_identifier "${rawId}" is not a LinkedIn public identifier`);
    if (
      (ids.publicIdentifier && fromId.publicIdentifier && ids.publicIdentifier !== fromId.publicIdentifier) ||
      (ids.providerId && fromId.providerId && ids.providerId !== fromId.providerId)
    ) {
      problems.push('profile_url and public_identifier name different people');
    }
    ids.publicIdentifier ??= fromId.publicIdentifier;
    ids.providerId ??= fromId.providerId;
  }
  return ids;
}

/**
 * Checks one uploaded row and normalises its LinkedIn identifiers: URLs lose their query string
 * (one once resolved to the wrong person), slugs are lower-cased, provider ids kept as they are.
 * Returns every problem of the row at once, so an operator fixes a file in one pass.
 */
export function normaliseLeadRow(raw: RawLeadRow): { lead: NormalisedLead } | { invalid: InvalidRow } {
  const problems: string[] = [];
  const firstName = blankToNull(raw.first_name);
  const lastName = blankToNull(raw.last_name);
  if (!firstName) problems.push('first_name is missing');
  if (!lastName) problems.push('last_name is missing');
  const company = blankToNull(raw.company);
  const title = blankToNull(raw.title);
  for (const [name, value] of Object.entries({ first_name: firstName, last_name: lastName, company, title })) {
    if (value && value.length > MAX_NAME_LENGTH) problems.push(`${name} is longer than ${MAX_NAME_LENGTH} characters`);
  }
  for (const [name, value] of Object.entries(raw.custom_fields)) {
    if (value.length > MAX_CUSTOM_FIELD_LENGTH) problems.push(`custom field ${name} is longer than ${MAX_CUSTOM_FIELD_LENGTH} characters`);
  }
  const rawUrl = blankToNull(raw.profile_url);
  const ids = readIdentifiers(rawUrl, blankToNull(raw.public_identifier), problems);
  if (problems.length > 0 || !firstName || !lastName) return { invalid: { line: raw.line, reason: problems.join('; ') } };
  const slug = ids.publicIdentifier ?? ids.providerId;
  return {
    lead: {
      line: raw.line,
      firstName,
      lastName,
      company,
      title,
      profileUrl: normalizeProfileUrl(rawUrl) ?? `https://www.linkedin.com/in/${slug}`,
      publicIdentifier: ids.publicIdentifier,
      providerId: ids.providerId,
      customFields: raw.custom_fields,
    },
  };
}

/** The keys under which the same person shows up twice (a slug, a provider id, or both). */
export function identityKeys(lead: Pick<NormalisedLead, 'publicIdentifier' | 'providerId'>): string[] {
  const keys: string[] = [];
  if (lead.publicIdentifier) keys.push(`public:${lead.publicIdentifier}`);
  if (lead.providerId) keys.push(`provider:${lead.providerId}`);
  return keys;
}
