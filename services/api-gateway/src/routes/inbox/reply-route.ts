import { attachmentMetaOf, createInboxReply, type ReplyAttachmentFile } from '@outreach/db';
import { enqueue, sendInboxReplyJob, wakeInboxRelay } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { conversationOr404 } from './access';
import { messageSchema, presentAttachments, presentMessage } from './schemas';

const MAX_TEXT = 8000;
const KEY = /^[\x21-\x7e]{1,200}$/;
/** Attachment bounds: well inside Unipile's ~15 MB per send, and what the JSON body limit below allows in base64. */
const MAX_ATTACHMENTS = 5;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 5 * 1024 * 1024;
const BODY_LIMIT = '8mb';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i;

const decodedSize = (b64: string): number => (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

const attachmentInput = z
  .object({
    name: z
      .string()
      .min(1)
      .max(255)
      .refine((n) => !/[\\/\x00-\x1f\x7f]/.test(n), 'must be a file name without path separators or control characters'),
    mimetype: z.string().max(127).regex(MIME, 'must be a MIME type such as application/pdf'),
    content_base64: z
      .string()
      .min(1)
      .max((MAX_FILE_BYTES / 3) * 4 + 4)
      .regex(BASE64, 'must be standard, padded base64')
      .refine((b) => decodedSize(b) <= MAX_FILE_BYTES, `must decode to at most ${MAX_FILE_BYTES} bytes`)
      .openapi({ description: `The file, base64 (at most ${MAX_FILE_BYTES / 1024 / 1024} MiB decoded)` }),
  })
  .strict()
  .openapi('InboxReplyAttachment');

const replyBody = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT),
    attachments: z
      .array(attachmentInput)
      .max(MAX_ATTACHMENTS)
      .optional()
      .refine(
        (a) => !a || a.reduce((n, f) => n + decodedSize(f.content_base64), 0) <= MAX_TOTAL_BYTES,
        `must hold at most ${MAX_TOTAL_BYTES / 1024 / 1024} MiB of files in all`,
      )
      .openapi({ description: `Files sent with the text (at most ${MAX_ATTACHMENTS}, ${MAX_TOTAL_BYTES / 1024 / 1024} MiB in all)` }),
  })
  .strict();

/** Whether a stored reply carries exactly these files (the same Idempotency-Key must mean the same reply). */
const sameFiles = (stored: unknown[], files: ReplyAttachmentFile[]): boolean => {
  const key = (a: { file_name: string | null; mimetype: string | null; file_size: number | null }) =>
    `${a.file_name}|${a.mimetype}|${a.file_size}`;
  return presentAttachments(stored).map(key).join('/') === files.map(attachmentMetaOf).map(key).join('/');
};

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
      bodyLimit: BODY_LIMIT,
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
      const files: ReplyAttachmentFile[] = (body.attachments ?? []).map((a) => ({
        fileName: a.name,
        mimetype: a.mimetype.toLowerCase(),
        content: Buffer.from(a.content_base64, 'base64'),
      }));
      const { message, created } = await createInboxReply(deps.db, {
        conversation,
        userId: auth.userId,
        idempotencyKey: key,
        text: body.text,
        attachments: files,
      });
      if (created) wakeInboxRelay(deps.queues);
      if (!created && (message.text !== body.text || !sameFiles(message.attachments, files)))
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
