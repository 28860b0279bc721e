import { Router } from 'express';
import type { SandboxContext } from '../context';
import { messagesControlRouter } from './messages';
import { observeControlRouter } from './observe';
import { peopleControlRouter } from './people';

/** `/_sandbox/*`: the control API for tests and demos. Not part of Unipile. */
export function controlRouter(ctx: SandboxContext): Router {
  const router = Router();
  router.use(peopleControlRouter(ctx));
  router.use(messagesControlRouter(ctx));
  router.use(observeControlRouter(ctx));
  return router;
}
