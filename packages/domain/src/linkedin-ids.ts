import { trimChar } from './trim';

/** What an identifier found in a payload tells us about a LinkedIn member. */
export interface MemberRef {
  /** ACoA… (classic) provider id. */
  providerId?: string;
  /** Numeric member id, which only a profile lookup turns into a provider id. */
  memberId?: string;
  /** Vanity slug, lower-cased. */
  publicIdentifier?: string;
}

const PROVIDER_ID = /^AC[a-zA-Z0-9_-]{10,}$/;

/** True for LinkedIn provider ids (`ACoAA…`; Sales Navigator's `ACw…` too). */
export const isProviderId = (value: string): boolean => PROVIDER_ID.test(value);

/**
 * Reads the three member URN formats seen in real payloads: a bare number (`424854212`),
 * `urn:li:member:424854212`, and `urn:li:fsd_profile:ACoAA…` (which already is a provider id).
 */
export function parseMemberUrn(raw: string | null | undefined): MemberRef {
  if (!raw) return {};
  const value = raw.trim();
  if (/^\d+$/.test(value)) return { memberId: value };
  const member = /^urn:li:member:(\d+)$/i.exec(value);
  if (member?.[1]) return { memberId: member[1] };
  const profile = /^urn:li:(?:fsd_profile|fs_miniProfile|fs_profile):([A-Za-z0-9_-]+)$/i.exec(value);
  if (profile?.[1]) return { providerId: profile[1] };
  if (isProviderId(value)) return { providerId: value };
  return {};
}

/**
 * Normalises a LinkedIn profile URL: https, www host, no query string or fragment (a query string
 * once made a lookup resolve to the wrong person), no trailing slash. Null when it is not a
 * LinkedIn `/in/` URL.
 */
export function normalizeProfileUrl(raw: string | null | undefined): string | null {
  const slug = profileSlug(raw);
  return slug ? `https://www.linkedin.com/in/${slug}` : null;
}

/** The `/in/<slug>` part of a LinkedIn URL, decoded and lower-cased (provider ids keep their case). */
export function profileSlug(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim().startsWith('http') ? raw.trim() : `https://${raw.trim()}`);
  } catch {
    return null;
  }
  if (!/(^|\.)linkedin\.com$/i.test(url.hostname)) return null;
  const match = /^\/in\/([^/]+)\/?/i.exec(url.pathname);
  if (!match?.[1]) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return isProviderId(slug) ? slug : slug.toLowerCase();
}

/** What a profile URL reveals: a provider id (Unipile puts ACoA ids in attendee URLs) or a vanity slug. */
export function refFromProfileUrl(raw: string | null | undefined): MemberRef {
  const slug = profileSlug(raw);
  if (!slug) return {};
  return isProviderId(slug) ? { providerId: slug } : { publicIdentifier: slug };
}

/** A public identifier as stored: trimmed, lower-cased, taken from a URL if one was given. */
export function normalizePublicIdentifier(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const fromUrl = profileSlug(raw);
  if (fromUrl) return fromUrl;
  const value = trimChar(raw.trim(), '/');
  return value.length > 0 && !/[\s/?#]/.test(value) ? value.toLowerCase() : null;
}
