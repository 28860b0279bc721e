import { Router } from 'express';
import { createAccount, setAccountStatus } from '../actions/accounts';
import { completeHostedLink } from '../actions/hosted';
import { receiveMessage } from '../actions/messages';
import { upsertPerson } from '../actions/people';
import { acceptInvitation, connect } from '../actions/relations';
import { parseBody } from '../api/query';
import { DEFAULT_REPLY_TEXT } from '../behaviour';
import type { SandboxContext } from '../context';
import { resourceNotFound } from '../errors';
import { accountView } from '../views/account';
import { providerProfileUrl, publicProfileUrl } from '../views/common';
import { relationView } from '../views/people';
import type { Person } from '../world/types';
import {
  acceptSchema,
  accountCreateSchema,
  accountStatusSchema,
  hostedCompleteSchema,
  peopleBulkSchema,
  personCreateSchema,
  relationCreateSchema,
  replySchema,
} from './schemas';

/** How the control API shows a person: every identifier form the real API uses. */
export function personView(person: Person): Record<string, unknown> {
  return {
    provider_id: person.providerId,
    public_identifier: person.publicIdentifier,
    member_id: person.memberId,
    member_urn: `urn:li:member:${person.memberId}`,
    fsd_profile_urn: `urn:li:fsd_profile:${person.providerId}`,
    first_name: person.firstName,
    last_name: person.lastName,
    headline: person.headline,
    location: person.location,
    network_distance: person.networkDistance,
    picture_url: person.pictureUrl,
    public_profile_url: publicProfileUrl(person),
    profile_url: providerProfileUrl(person),
    behaviour: person.behaviour ?? null,
    owner_of_account_id: person.ownerOfAccountId ?? null,
  };
}

/** Control routes that set up accounts and people and make people act. */
export function peopleControlRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  router.post('/accounts', (req, res) => {
    res.status(201).json(accountView(world, createAccount(ctx, parseBody(accountCreateSchema, req.body))));
  });

  router.post('/accounts/:accountId/status', (req, res) => {
    const account = world.requireAccount(req.params.accountId);
    const changed = setAccountStatus(ctx, account, parseBody(accountStatusSchema, req.body).status);
    res.json({ changed, account: accountView(world, account) });
  });

  router.post('/hosted/:token/complete', (req, res) => {
    const { account, status } = completeHostedLink(ctx, req.params.token, parseBody(hostedCompleteSchema, req.body));
    res.json({ status, account: accountView(world, account) });
  });

  router.post('/people', (req, res) => {
    res.status(201).json(personView(upsertPerson(world, parseBody(personCreateSchema, req.body))));
  });

  router.post('/people/bulk', (req, res) => {
    const { people } = parseBody(peopleBulkSchema, req.body);
    for (const input of people) upsertPerson(world, input);
    res.status(201).json({ created: people.length });
  });

  router.get('/people/:providerId', (req, res) => {
    const person = world.findPerson(req.params.providerId);
    if (!person) throw resourceNotFound('Person not found.');
    res.json(personView(person));
  });

  router.post('/relations', (req, res) => {
    const body = parseBody(relationCreateSchema, req.body);
    const account = world.requireAccount(body.account_id);
    const relation = connect(ctx, account, world.requirePerson(body.provider_id), {
      notify: body.notify ?? false,
      ...(body.notify_delay_ms === undefined ? {} : { notifyDelayMs: body.notify_delay_ms }),
    });
    res.status(201).json(relationView(world, relation));
  });

  router.post('/people/:providerId/accept', (req, res) => {
    const body = parseBody(acceptSchema, req.body);
    const account = world.requireAccount(body.account_id);
    const person = world.requirePerson(req.params.providerId);
    if (!world.pendingInvitation(account.id, person.providerId))
      throw resourceNotFound(`No pending invitation from ${account.id} to ${person.providerId}.`);
    const options = { notify: body.notify ?? true, ...(body.notify_delay_ms === undefined ? {} : { notifyDelayMs: body.notify_delay_ms }) };
    if (body.delay_ms) {
      ctx.scheduler.schedule(body.delay_ms, `accept ${person.providerId}`, () => {
        if (world.pendingInvitation(account.id, person.providerId)) acceptInvitation(ctx, account, person, options);
      });
      res.status(202).json({ scheduled: true, at: new Date(ctx.clock.nowMs() + body.delay_ms).toISOString() });
      return;
    }
    const result = acceptInvitation(ctx, account, person, options);
    res.json({ scheduled: false, relation: relationView(world, result.relation), chat_id: result.chat_id, message_id: result.message_id });
  });

  router.post('/people/:providerId/reply', (req, res) => {
    const body = parseBody(replySchema, req.body);
    const account = world.requireAccount(body.account_id);
    const person = world.requirePerson(req.params.providerId);
    const text = body.text === undefined ? (person.behaviour?.replyText ?? DEFAULT_REPLY_TEXT) : body.text;
    const { chat, message } = receiveMessage(ctx, account, person, { text, attachments: body.attachments ?? [] }, body.chat_id);
    res.status(201).json({ chat_id: chat.id, message_id: message.id });
  });

  return router;
}
