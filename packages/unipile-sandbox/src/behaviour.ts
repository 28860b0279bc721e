import { acceptInvitation } from './actions/relations';
import { receiveMessage } from './actions/messages';
import type { PeopleReactions, SandboxContext } from './context';
import { randomBetween } from './ids';
import type { Account, Chat, Invitation } from './world/types';

export const DEFAULT_REPLY_TEXT = 'Thanks for reaching out! Happy to chat.';

/**
 * Simulated people with a `behaviour` act on their own after a random delay in their range:
 * they accept invitations (with `new_relation`) and answer the first message an account sends them.
 */
export class PeopleBehaviour implements PeopleReactions {
  private readonly answered = new Set<string>();

  constructor(private readonly context: () => SandboxContext) {}

  afterInvitation(invitation: Invitation): void {
    const ctx = this.context();
    const range = ctx.world.people.get(invitation.providerId)?.behaviour?.acceptAfterMs;
    if (!range) return;
    ctx.scheduler.schedule(randomBetween(range[0], range[1]), `accept ${invitation.id}`, () => {
      const account = ctx.world.accounts.get(invitation.accountId);
      const person = ctx.world.people.get(invitation.providerId);
      // The invitation may have been withdrawn (or accepted by a test) in the meantime.
      if (!account || !person || invitation.status !== 'PENDING') return;
      acceptInvitation(ctx, account, person, { notify: true });
    });
  }

  afterOwnMessage(account: Account, chat: Chat): void {
    const ctx = this.context();
    const providerId = chat.type === 0 ? chat.attendeeProviderIds[0] : undefined;
    const person = providerId === undefined ? undefined : ctx.world.people.get(providerId);
    const range = person?.behaviour?.replyAfterMs;
    if (!person || !range) return;
    const key = `${account.id}|${person.providerId}`;
    if (this.answered.has(key)) return;
    this.answered.add(key);
    const text = person.behaviour?.replyText ?? DEFAULT_REPLY_TEXT;
    ctx.scheduler.schedule(randomBetween(range[0], range[1]), `reply ${key}`, () => {
      if (!ctx.world.chats.has(chat.id)) return;
      receiveMessage(ctx, account, person, { text }, chat.id);
    });
  }
}
