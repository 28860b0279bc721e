import type { Clock } from '../clock';
import { disconnectedAccount, resourceNotFound } from '../errors';
import { newUnipileId } from '../ids';
import { emptySentLog, type SentLog } from './sent-log';
import type { Account, Chat, HostedLink, Invitation, Message, NetworkDistance, Person, Relation, WebhookRegistration } from './types';

const pairKey = (accountId: string, providerId: string): string => `${accountId}|${providerId}`;

/**
 * The whole simulated LinkedIn + Unipile state, in memory. Lookups live here; the rules that change
 * state (inviting, accepting, sending) live in `actions/`, so routes and simulated people share them.
 */
export class World {
  readonly accounts = new Map<string, Account>();
  readonly people = new Map<string, Person>();
  readonly invitations = new Map<string, Invitation>();
  readonly relations = new Map<string, Relation>();
  readonly chats = new Map<string, Chat>();
  readonly messages = new Map<string, Message>();
  readonly webhooks = new Map<string, WebhookRegistration>();
  readonly hostedLinks = new Map<string, HostedLink>();
  readonly sent: SentLog = emptySentLog();
  private readonly attendeeIds = new Map<string, string>();
  // Lookups that would otherwise scan every person or invitation: the scale bench holds millions.
  private readonly peopleBySlug = new Map<string, Person>();
  private readonly peopleByMemberId = new Map<string, Person>();
  private readonly invitationsByAccount = new Map<string, Invitation[]>();
  /** Newest message time ever stored, so new timestamps can strictly increase. */
  latestMessageMs = 0;

  constructor(readonly clock: Clock) {}

  requireAccount(id: string | undefined): Account {
    const account = id === undefined ? undefined : this.accounts.get(id);
    if (!account) throw resourceNotFound('Account not found.');
    return account;
  }

  /** An account that can act on LinkedIn right now; Unipile answers 401 `disconnected_account` otherwise. */
  requireOkAccount(id: string | undefined): Account {
    const account = this.requireAccount(id);
    if (account.status !== 'OK') throw disconnectedAccount();
    return account;
  }

  owner(account: Account): Person {
    const person = this.people.get(account.ownProviderId);
    if (!person) throw new Error(`account ${account.id} has no owner person`);
    return person;
  }

  /**
   * Resolves every identifier form Unipile accepts or returns: provider id (`ACoA…`), public
   * identifier, numeric member id, `urn:li:member:N` and `urn:li:fsd_profile:ACoA…`.
   */
  findPerson(identifier: string): Person | undefined {
    const id = identifier.trim();
    const memberUrn = /^urn:li:member:(\d+)$/.exec(id);
    if (memberUrn) return memberUrn[1] === undefined ? undefined : this.peopleByMemberId.get(memberUrn[1]);
    const profileUrn = /^urn:li:fsd_profile:(.+)$/.exec(id);
    if (profileUrn) return profileUrn[1] === undefined ? undefined : this.people.get(profileUrn[1]);
    if (/^\d+$/.test(id)) return this.peopleByMemberId.get(id);
    return this.people.get(id) ?? this.peopleBySlug.get(id.toLowerCase());
  }

  /** The person holding this public identifier (any case) or member id, if any. */
  personWithSlug(publicIdentifier: string): Person | undefined {
    return this.peopleBySlug.get(publicIdentifier.toLowerCase());
  }

  personWithMemberId(memberId: string): Person | undefined {
    return this.peopleByMemberId.get(memberId);
  }

  /** Creates or replaces a person (same provider id), keeping the identifier lookups in step. */
  putPerson(person: Person): void {
    const previous = this.people.get(person.providerId);
    if (previous) {
      this.peopleBySlug.delete(previous.publicIdentifier.toLowerCase());
      this.peopleByMemberId.delete(previous.memberId);
    }
    this.people.set(person.providerId, person);
    this.peopleBySlug.set(person.publicIdentifier.toLowerCase(), person);
    this.peopleByMemberId.set(person.memberId, person);
  }

  requirePerson(providerId: string): Person {
    const person = this.people.get(providerId);
    if (!person) throw resourceNotFound('Person not found.');
    return person;
  }

  findBy(predicate: (p: Person) => boolean): Person | undefined {
    for (const person of this.people.values()) if (predicate(person)) return person;
    return undefined;
  }

  relation(accountId: string, providerId: string): Relation | undefined {
    return this.relations.get(pairKey(accountId, providerId));
  }

  addRelation(relation: Relation): void {
    this.relations.set(pairKey(relation.accountId, relation.providerId), relation);
  }

  relationsOf(accountId: string): Relation[] {
    return [...this.relations.values()]
      .filter((r) => r.accountId === accountId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.providerId < b.providerId ? 1 : -1));
  }

  /** Distance from an account to a person, in profile vocabulary. */
  distance(accountId: string, person: Person): NetworkDistance {
    return this.relation(accountId, person.providerId) ? 'FIRST_DEGREE' : person.networkDistance;
  }

  addInvitation(invitation: Invitation): void {
    this.invitations.set(invitation.id, invitation);
    const ofAccount = this.invitationsByAccount.get(invitation.accountId);
    if (ofAccount) ofAccount.push(invitation);
    else this.invitationsByAccount.set(invitation.accountId, [invitation]);
  }

  pendingInvitation(accountId: string, providerId: string): Invitation | undefined {
    return this.invitationsOf(accountId).find((inv) => inv.providerId === providerId && inv.status === 'PENDING');
  }

  /** In the order they were sent. */
  invitationsOf(accountId: string): Invitation[] {
    return [...(this.invitationsByAccount.get(accountId) ?? [])];
  }

  /** Stable per (account, member), like Unipile's chat attendee ids. */
  attendeeId(accountId: string, providerId: string): string {
    const key = pairKey(accountId, providerId);
    let id = this.attendeeIds.get(key);
    if (!id) {
      id = newUnipileId();
      this.attendeeIds.set(key, id);
    }
    return id;
  }

  requireChat(chatId: string, accountId?: string): Chat {
    const chat = this.chats.get(chatId) ?? this.findChatByProviderId(chatId, accountId);
    if (!chat || (accountId !== undefined && chat.accountId !== accountId)) throw resourceNotFound('Chat not found.');
    return chat;
  }

  /** The existing 1:1 chat between an account and a person, reused like LinkedIn reuses threads. */
  directChat(accountId: string, providerId: string): Chat | undefined {
    for (const chat of this.chats.values()) {
      if (chat.accountId === accountId && chat.type === 0 && chat.attendeeProviderIds[0] === providerId) return chat;
    }
    return undefined;
  }

  chatsOf(accountIds: string[] | undefined): Chat[] {
    return [...this.chats.values()].filter((c) => !accountIds || accountIds.includes(c.accountId));
  }

  messagesOf(chatId: string): Message[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  /** Latest message time, or the chat's creation time when it has none. */
  lastActivity(chat: Chat): Date {
    let latest = chat.createdAt;
    for (const m of this.messages.values()) if (m.chatId === chat.id && m.timestamp > latest) latest = m.timestamp;
    return latest;
  }

  lastMessage(chatId: string): Message | undefined {
    let latest: Message | undefined;
    for (const m of this.messages.values()) {
      if (m.chatId === chatId && (!latest || m.timestamp >= latest.timestamp)) latest = m;
    }
    return latest;
  }

  requireMessage(messageId: string): Message {
    const message = this.messages.get(messageId);
    if (!message) throw resourceNotFound('Message not found.');
    return message;
  }

  private findChatByProviderId(providerId: string, accountId: string | undefined): Chat | undefined {
    for (const chat of this.chats.values()) {
      if (chat.providerId === providerId && (accountId === undefined || chat.accountId === accountId)) return chat;
    }
    return undefined;
  }
}
