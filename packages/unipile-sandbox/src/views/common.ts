import type { NetworkDistance, Person } from '../world/types';
import type { World } from '../world/world';

export const fullName = (p: Person): string => `${p.firstName} ${p.lastName}`.trim();

/** Vanity profile URL (relations, new_relation webhooks). */
export const publicProfileUrl = (p: Person): string => `https://www.linkedin.com/in/${p.publicIdentifier}/`;

/** Attendee profile URL: Unipile builds it from the `ACoA…` id, not the slug. */
export const providerProfileUrl = (p: Person): string => `https://www.linkedin.com/in/${p.providerId}`;

export type AttendeeDistance = 'SELF' | 'DISTANCE_1' | 'DISTANCE_2' | 'DISTANCE_3' | 'OUT_OF_NETWORK';

const ATTENDEE_DISTANCE: Record<NetworkDistance, AttendeeDistance> = {
  FIRST_DEGREE: 'DISTANCE_1',
  SECOND_DEGREE: 'DISTANCE_2',
  THIRD_DEGREE: 'DISTANCE_3',
  OUT_OF_NETWORK: 'OUT_OF_NETWORK',
};

/** Distance in attendee vocabulary (`SELF|DISTANCE_n|OUT_OF_NETWORK`), relative to an account. */
export function attendeeDistance(world: World, accountId: string, person: Person): AttendeeDistance {
  if (person.ownerOfAccountId === accountId) return 'SELF';
  return ATTENDEE_DISTANCE[world.distance(accountId, person)];
}

/** A person for a provider id that may have been removed; keeps views total. */
export function personOrPlaceholder(world: World, providerId: string): Person {
  return (
    world.people.get(providerId) ?? {
      providerId,
      publicIdentifier: providerId,
      memberId: '0',
      firstName: 'LinkedIn',
      lastName: 'Member',
      headline: '',
      location: null,
      pictureUrl: '',
      networkDistance: 'OUT_OF_NETWORK',
    }
  );
}
