import { Router } from 'express';
import { parseBody } from '../api/query';
import type { SandboxContext } from '../context';
import { invalidParameters } from '../errors';
import { messageView } from '../views/messaging';
import type { Message, Person } from '../world/types';
import { editSchema, reactSchema, readSchema } from './schemas';

/** Control routes that make something happen to an existing message and emit the matching webhook. */
export function messagesControlRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  /** Who acts: the given member (the account owner or a chat attendee), else the chat's counterpart. */
  const actor = (message: Message, providerId: string | undefined): Person => {
    const chat = world.requireChat(message.chatId);
    const account = world.requireAccount(message.accountId);
    const id = providerId ?? chat.attendeeProviderIds[0] ?? account.ownProviderId;
    if (id !== account.ownProviderId && !chat.attendeeProviderIds.includes(id)) throw invalidParameters(`${id} is not in chat ${chat.id}`);
    return world.requirePerson(id);
  };

  router.post('/messages/:messageId/edit', (req, res) => {
    const message = world.requireMessage(req.params.messageId);
    message.text = parseBody(editSchema, req.body).text;
    message.edited = true;
    ctx.events.messaging(world.requireAccount(message.accountId), 'message_edited', message);
    res.json(messageView(world, message));
  });

  router.post('/messages/:messageId/react', (req, res) => {
    const message = world.requireMessage(req.params.messageId);
    const body = parseBody(reactSchema, req.body);
    const by = actor(message, body.by_provider_id);
    message.reactions.push({ value: body.reaction, senderProviderId: by.providerId });
    ctx.events.messaging(world.requireAccount(message.accountId), 'message_reaction', message, {
      reaction: body.reaction,
      reactionSender: by,
    });
    res.json(messageView(world, message));
  });

  router.post('/messages/:messageId/read', (req, res) => {
    const message = world.requireMessage(req.params.messageId);
    const by = actor(message, parseBody(readSchema, req.body).by_provider_id);
    message.seenBy[by.providerId] = ctx.clock.now().toISOString();
    ctx.events.messaging(world.requireAccount(message.accountId), 'message_read', message, { readBy: by });
    res.json(messageView(world, message));
  });

  router.post('/messages/:messageId/delete', (req, res) => {
    const message = world.requireMessage(req.params.messageId);
    message.deleted = true;
    ctx.events.messaging(world.requireAccount(message.accountId), 'message_deleted', message);
    res.json(messageView(world, message));
  });

  return router;
}
