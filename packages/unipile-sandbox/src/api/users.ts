import { Router } from 'express';
import { z } from 'zod';
import { sendInvitation, withdrawInvitation } from '../actions/invitations';
import type { SandboxContext } from '../context';
import { resourceNotFound } from '../errors';
import { decodeCursor, LIMITS, pageByOffset, parseLimit } from '../pagination';
import { invitationView, profileView, relationView } from '../views/people';
import { parseBody, queryParam, requireQuery } from './query';

const inviteBody = z.object({
  account_id: z.string().min(1),
  provider_id: z.string().min(1),
  message: z.string().optional(),
  user_email: z.string().optional(),
});

const offsetCursor = z.object({ account_id: z.string(), limit: z.number().int(), cursor: z.number().int().min(0) });
const relationsCursor = z.object({ account_id: z.string(), limit: z.number().int(), startIndex: z.number().int().min(0) });

/** `/users/*`: profiles, invitations and relations. Routes that reach LinkedIn need an OK account. */
export function usersRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  router.post('/users/invite', (req, res) => {
    const body = parseBody(inviteBody, req.body);
    const account = world.requireOkAccount(body.account_id);
    const { invitation, usage } = sendInvitation(ctx, account, body.provider_id, body.message);
    res.status(200).json({ object: 'UserInvitationSent', invitation_id: invitation.id, ...(usage === undefined ? {} : { usage }) });
  });

  router.get('/users/invite/sent', (req, res) => {
    const raw = queryParam(req, 'cursor');
    const state = raw
      ? decodeCursor(raw, offsetCursor)
      : { account_id: requireQuery(req, 'account_id'), limit: parseLimit(queryParam(req, 'limit'), LIMITS.invitationsSent), cursor: 0 };
    world.requireOkAccount(state.account_id);
    const pending = world
      .invitationsOf(state.account_id)
      .filter((i) => i.status === 'PENDING')
      .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : -1));
    const page = pageByOffset(pending, state.cursor, state.limit, (next) => ({ ...state, cursor: next }));
    res.json({ object: 'InvitationList', items: page.items.map((i) => invitationView(world, i)), cursor: page.cursor });
  });

  router.delete('/users/invite/sent/:invitationId', (req, res) => {
    const account = world.requireOkAccount(requireQuery(req, 'account_id'));
    withdrawInvitation(ctx, account, req.params.invitationId);
    res.json({ object: 'InvitationCanceled' });
  });

  router.get('/users/relations', (req, res) => {
    const raw = queryParam(req, 'cursor');
    const state = raw
      ? decodeCursor(raw, relationsCursor)
      : { account_id: requireQuery(req, 'account_id'), limit: parseLimit(queryParam(req, 'limit'), LIMITS.relations), startIndex: 0 };
    world.requireOkAccount(state.account_id);
    const page = pageByOffset(world.relationsOf(state.account_id), state.startIndex, state.limit, (next) => ({
      ...state,
      startIndex: next,
    }));
    res.json({ object: 'UserRelationsList', items: page.items.map((r) => relationView(world, r)), cursor: page.cursor });
  });

  router.get('/users/:identifier', (req, res) => {
    const account = world.requireOkAccount(requireQuery(req, 'account_id'));
    const person = world.findPerson(req.params.identifier);
    if (!person) throw resourceNotFound('The requested resource could not be found.');
    world.sent.profile_views.push({
      account_id: account.id,
      identifier: req.params.identifier,
      provider_id: person.providerId,
      at: ctx.clock.now().toISOString(),
    });
    res.json(profileView(world, account, person));
  });

  return router;
}
