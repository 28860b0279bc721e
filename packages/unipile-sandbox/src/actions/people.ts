import { ApiError } from '../errors';
import { newMemberId, newProviderId, newPublicIdentifier } from '../ids';
import type { Person, PersonBehaviour } from '../world/types';
import type { World } from '../world/world';

export interface PersonInput {
  provider_id?: string;
  public_identifier?: string;
  member_id?: string;
  first_name: string;
  last_name: string;
  headline?: string;
  location?: string | null;
  picture_url?: string;
  network_distance?: Person['networkDistance'];
  behaviour?: { accept_after_ms?: [number, number]; reply_after_ms?: [number, number]; reply_text?: string };
}

const conflict = (detail: string): ApiError => new ApiError(409, 'conflict', detail, 'Conflict');

function toBehaviour(input: PersonInput['behaviour']): PersonBehaviour | undefined {
  if (!input) return undefined;
  return {
    ...(input.accept_after_ms ? { acceptAfterMs: input.accept_after_ms } : {}),
    ...(input.reply_after_ms ? { replyAfterMs: input.reply_after_ms } : {}),
    ...(input.reply_text === undefined ? {} : { replyText: input.reply_text }),
  };
}

/**
 * Creates a LinkedIn member, or updates the one with the same provider id (so demo seeds can be
 * re-run). Missing ids are generated in the real formats: `ACoAA…`, a 9-digit member id, a slug.
 */
export function upsertPerson(world: World, input: PersonInput, ownerOfAccountId?: string): Person {
  const existing = input.provider_id === undefined ? undefined : world.people.get(input.provider_id);
  if (existing?.ownerOfAccountId !== undefined && existing.ownerOfAccountId !== ownerOfAccountId) {
    throw conflict(`${existing.providerId} is the owner of account ${existing.ownerOfAccountId}.`);
  }
  const providerId = input.provider_id ?? newProviderId();
  const publicIdentifier = input.public_identifier ?? existing?.publicIdentifier ?? newPublicIdentifier(input.first_name, input.last_name);
  const memberId = input.member_id ?? existing?.memberId ?? uniqueMemberId(world);
  const clash = [world.personWithSlug(publicIdentifier), world.personWithMemberId(memberId)].find(
    (p) => p !== undefined && p.providerId !== providerId,
  );
  if (clash) throw conflict(`public_identifier or member_id already used by ${clash.providerId}.`);
  const behaviour = toBehaviour(input.behaviour) ?? existing?.behaviour;
  const person: Person = {
    providerId,
    publicIdentifier,
    memberId,
    firstName: input.first_name,
    lastName: input.last_name,
    headline: input.headline ?? existing?.headline ?? '',
    location: input.location === undefined ? (existing?.location ?? null) : input.location,
    pictureUrl:
      input.picture_url ??
      existing?.pictureUrl ??
      `https://media.licdn.com/dms/image/sandbox/${providerId}/profile-displayphoto-shrink_200_200/0/`,
    networkDistance: input.network_distance ?? existing?.networkDistance ?? 'SECOND_DEGREE',
    ...(behaviour ? { behaviour } : {}),
    ...(ownerOfAccountId === undefined ? {} : { ownerOfAccountId }),
  };
  world.putPerson(person);
  return person;
}

function uniqueMemberId(world: World): string {
  for (;;) {
    const id = newMemberId();
    if (!world.personWithMemberId(id)) return id;
  }
}
