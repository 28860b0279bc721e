import { Router } from 'express';
import type { SandboxContext } from '../context';
import { resourceNotFound } from '../errors';
import { messageView } from '../views/messaging';
import { listMessages } from './message-list';

/** Global `/messages` (reply sync polls this with `after`) and single messages. */
export function messagesRouter(ctx: SandboxContext): Router {
  const router = Router();

  router.get('/messages', (req, res) => {
    res.json(listMessages(ctx, req, {}));
  });

  router.get('/messages/:messageId', (req, res) => {
    res.json(messageView(ctx.world, ctx.world.requireMessage(req.params.messageId)));
  });

  // Attachment bytes behind the `att://` urls; the sandbox serves a placeholder of the right type.
  router.get('/messages/:messageId/attachments/:attachmentId', (req, res) => {
    const message = ctx.world.requireMessage(req.params.messageId);
    const attachment = message.attachments.find((a) => a.id === req.params.attachmentId);
    if (!attachment) throw resourceNotFound('Attachment not found.');
    res.type(attachment.mimetype ?? 'application/octet-stream').send(Buffer.from(`sandbox attachment ${attachment.id}`));
  });

  return router;
}
