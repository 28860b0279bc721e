import type { Account, Invitation, Person, Relation } from '../world/types';
import type { World } from '../world/world';
import { fullName, personOrPlaceholder, publicProfileUrl } from './common';

/** Deterministic small numbers so repeated lookups of a person agree. */
function stableCount(seed: string, max: number): number {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % max;
}

/** `UserProfile` with the key order and types of the real capture; `member_urn` is the bare number. */
export function profileView(world: World, account: Account, person: Person): Record<string, unknown> {
  const isSelf = person.providerId === account.ownProviderId;
  const related = world.relation(account.id, person.providerId) !== undefined;
  const pending = world.pendingInvitation(account.id, person.providerId);
  return {
    object: 'UserProfile',
    provider: 'LINKEDIN',
    provider_id: person.providerId,
    public_identifier: person.publicIdentifier,
    member_urn: person.memberId,
    first_name: person.firstName,
    last_name: person.lastName,
    headline: person.headline,
    ...(person.location === null ? {} : { location: person.location }),
    primary_locale: { country: 'US', language: 'en' },
    is_open_profile: false,
    is_premium: false,
    is_influencer: false,
    is_creator: false,
    is_relationship: related,
    network_distance: world.distance(account.id, person),
    is_self: isSelf,
    ...(pending ? { invitation: { type: 'SENT', status: 'PENDING' } } : {}),
    websites: [],
    follower_count: 100 + stableCount(person.providerId, 900),
    connections_count: 100 + stableCount(person.memberId, 400),
    shared_connections_count: stableCount(person.publicIdentifier, 30),
    profile_picture_url: person.pictureUrl,
    profile_picture_url_large: `${person.pictureUrl}?size=800`,
  };
}

/** LinkedIn's human "Sent …" text shown in the sent-invitations list. */
export function sentAgoText(sentAt: Date, now: Date): string {
  const days = Math.floor((now.getTime() - sentAt.getTime()) / 86_400_000);
  const plural = (n: number, unit: string): string => `Sent ${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (days < 1) return 'Sent today';
  if (days < 7) return plural(days, 'day');
  if (days < 30) return plural(Math.floor(days / 7), 'week');
  if (days < 365) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** `InvitationSent` item of `GET /users/invite/sent`. */
export function invitationView(world: World, invitation: Invitation): Record<string, unknown> {
  const person = personOrPlaceholder(world, invitation.providerId);
  return {
    object: 'InvitationSent',
    id: invitation.id,
    date: sentAgoText(invitation.sentAt, world.clock.now()),
    parsed_datetime: invitation.sentAt.toISOString(),
    invitation_text: invitation.message,
    invited_user: fullName(person),
    invited_user_id: person.providerId,
    invited_user_public_id: person.publicIdentifier,
    invited_user_description: person.headline,
    invited_user_profile_picture_url: person.pictureUrl,
  };
}

/** `UserRelation` item: `created_at` unix ms, `member_id` = provider id. */
export function relationView(world: World, relation: Relation): Record<string, unknown> {
  const person = personOrPlaceholder(world, relation.providerId);
  return {
    object: 'UserRelation',
    first_name: person.firstName,
    last_name: person.lastName,
    headline: person.headline,
    public_identifier: person.publicIdentifier,
    public_profile_url: publicProfileUrl(person),
    created_at: relation.createdAt.getTime(),
    member_id: person.providerId,
    member_urn: `urn:li:fsd_profile:${person.providerId}`,
    connection_urn: `urn:li:fsd_connection:${person.providerId}`,
    profile_picture_url: person.pictureUrl,
  };
}
