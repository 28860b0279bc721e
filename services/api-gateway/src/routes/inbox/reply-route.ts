import { createInboxReply } from '@outreach/db';
import { enqueue, sendInboxReplyJob } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { conversationOr404 } from './access';
import { messageSchema, presentMessage } from './schemas';

const MAX_TEXT = 8000;
const KEY = /^[\x21-\x7e]{1,200}$/;

const replyBody = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT),
    attachments: z
      .array(z.object({ name: z.string().max(255) }).passthrough())
      .max(10)
      .optional()
      .refine((a) => !a || a.length === 0, 'attachments cannot be sent through the outbound path yet; send text only')
      .openapi({ description: 'Reserved: must be empty for now' }),
  })
  .strict();

const badKey = (message: string) =>
  new ApiError(400, 'validation_failed', `header.Idempotency-Key: ${message}`, [{ location: 'header', path: 'Idempotency-Key', message }]);

/**
 * An operator's reply: stored pending with its text fixed now, then sent by the outbound-sender
 * under the account's limits, spacing, pause and window. The same Idempotency-Key returns the
 * first reply (200) and never sends twice; a different text under a used key is a 409.
 */
export function registerInboxReplyRoute(route: RouteDefiner, deps: GatewayDeps): void {
  route(
    {
      method: 'post',
      path: '/api/inbox/conversations/:id/reply',
      summary: 'Reply in a conversation (header `Idempotency-Key` required); 202 pending → sent | failed',
      tags: ['inbox'],
      access: 'write',
      params: idParams,
      body: replyBody,
      headers: z.object({
        'Idempotency-Key': z.string().min(1).max(200).openapi({
          description: 'One per reply the user submits; a retry with the same key returns the first reply and never sends twice',
        }),
      }),
      status: 202,
      errors: [409, 503],
      response: messageSchema,
    },
    async ({ params, body, auth, req, res }) => {
      const key = req.get('idempotency-key');
      if (key === undefined) throw badKey('required');
      if (!KEY.test(key)) throw badKey('1 to 200 printable ASCII characters');
      const conversation = await conversationOr404(deps, auth, params.id);
      const { message, created } = await createInboxReply(deps.db, {
        conversation,
        userId: auth.userId,
        idempotencyKey: key,
        text: body.text,
      });
      if (!created && message.text !== body.text)
        throw new ApiError(409, 'conflict', 'this Idempotency-Key was used for a different reply in this conversation');
      // Enqueued on every call: the job id is the message's, so a repeat after a crash between the
      // commit and this add re-adds it, and otherwise changes nothing.
      try {
        if (message.status === 'pending') await enqueue(deps.queues, sendInboxReplyJob, { messageId: message.id });
      } catch (err) {
        deps.logger.error('could not enqueue an inbox reply', { err, message_id: message.id });
        throw new ApiError(503, 'unavailable', 'the reply is saved but could not be queued; retry with the same Idempotency-Key');
      }
      if (created) return presentMessage(message);
      res.status(200).json(presentMessage(message));
      return undefined;
    },
  );
}
