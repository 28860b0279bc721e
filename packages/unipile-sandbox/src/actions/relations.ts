import type { SandboxContext } from '../context';
import { resourceNotFound } from '../errors';
import type { Account, Person, Relation } from '../world/types';
import { appendOwnMessage, createChat } from './messages';

export interface NotifyOptions {
  /** Emit `new_relation` (Unipile does, up to 8 h later). */
  notify: boolean;
  /** Delay before `new_relation` goes out, to mimic Unipile's polling lag. */
  notifyDelayMs?: number;
}

/** Makes a person first-degree for an account; a pending invitation to them counts as accepted. */
export function connect(ctx: SandboxContext, account: Account, person: Person, options: NotifyOptions): Relation {
  const existing = ctx.world.relation(account.id, person.providerId);
  if (existing) return existing;
  const relation: Relation = { accountId: account.id, providerId: person.providerId, createdAt: ctx.clock.now() };
  ctx.world.addRelation(relation);
  const pending = ctx.world.pendingInvitation(account.id, person.providerId);
  if (pending) {
    pending.status = 'ACCEPTED';
    pending.closedAt = relation.createdAt;
  }
  notifyRelation(ctx, account, person, options);
  return relation;
}

function notifyRelation(ctx: SandboxContext, account: Account, person: Person, options: NotifyOptions): void {
  if (!options.notify) return;
  const emit = (): void => ctx.events.newRelation(account, person);
  if (options.notifyDelayMs) ctx.scheduler.schedule(options.notifyDelayMs, 'new_relation', emit);
  else emit();
}

export interface AcceptResult {
  relation: Relation;
  chat_id: string | null;
  message_id: string | null;
}

/**
 * The person accepts the account's pending invitation. With a note, LinkedIn opens a chat that
 * holds only the note as the account's own message, which Unipile reports at once as
 * `message_received` with `is_sender: true` — the real-time acceptance signal.
 */
export function acceptInvitation(ctx: SandboxContext, account: Account, person: Person, options: NotifyOptions): AcceptResult {
  const invitation = ctx.world.pendingInvitation(account.id, person.providerId);
  if (!invitation) throw resourceNotFound(`No pending invitation from ${account.id} to ${person.providerId}.`);
  const note = invitation.message;
  const relation = connect(ctx, account, person, { notify: false });
  let result: AcceptResult = { relation, chat_id: null, message_id: null };
  if (note !== null && note !== '') {
    const chat = ctx.world.directChat(account.id, person.providerId) ?? createChat(ctx, account, [person.providerId]);
    const message = appendOwnMessage(ctx, account, chat, { text: note });
    result = { relation, chat_id: chat.id, message_id: message.id };
  }
  // The note echo is real time; new_relation comes from Unipile's polling, so it goes out last.
  notifyRelation(ctx, account, person, options);
  return result;
}
