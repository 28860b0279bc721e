import { isPgError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, type linkedinAccounts } from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import { pageOf, presentPage } from '../../http/pagination';
import { UnipileError } from '@outreach/unipile';
import type { RouteDefiner } from '../../http/route';
import { fromUnipileError } from '../admin/unipile-errors';
import { idParams } from '../../http/schemas';
import { clientForCreate } from '../../http/tenancy';
import { findClient } from '../clients/store';
import { accountInput, accountPatch, accountSchema, checkSettings, listQuery, presentAccount, type AccountRow } from './schemas';
import { deleteScopedAccount, findScopedAccount, insertAccount, listAccounts, updateScopedAccount } from './store';

const tags = ['linkedin-accounts'];

export const unipileIdTaken = (): ApiError =>
  new ApiError(409, 'conflict', 'this Unipile account is already registered', [
    { location: 'body', path: 'unipile_account_id', message: 'already registered' },
  ]);

/** Settings as columns; only the fields present in the body. */
function settingsColumns(body: z.infer<typeof accountPatch>): Partial<typeof linkedinAccounts.$inferInsert> {
  const columns: Partial<typeof linkedinAccounts.$inferInsert> = {};
  if (body.name !== undefined) columns.name = body.name;
  if (body.timezone !== undefined) columns.timezone = body.timezone;
  if (body.daily_invite_limit !== undefined) columns.dailyInviteLimit = body.daily_invite_limit;
  if (body.daily_message_limit !== undefined) columns.dailyMessageLimit = body.daily_message_limit;
  if (body.daily_profile_view_limit !== undefined) columns.dailyProfileViewLimit = body.daily_profile_view_limit;
  if (body.weekly_invite_limit !== undefined) columns.weeklyInviteLimit = body.weekly_invite_limit;
  if (body.min_action_spacing_seconds !== undefined) columns.minActionSpacingSeconds = body.min_action_spacing_seconds;
  if (body.max_action_spacing_seconds !== undefined) columns.maxActionSpacingSeconds = body.max_action_spacing_seconds;
  if (body.warmup_start_limit !== undefined) columns.warmupStartLimit = body.warmup_start_limit;
  if (body.warmup_days !== undefined) columns.warmupDays = body.warmup_days;
  return columns;
}

/** CRUD on LinkedIn accounts: reads for any role of the client, writes for admins and agents. */
export function registerAccountCrudRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/linkedin-accounts',
      summary: 'List LinkedIn accounts',
      tags,
      access: 'read',
      query: listQuery,
      response: pageOf(accountSchema),
    },
    async ({ query, auth }) => {
      return presentPage(await listAccounts(db, auth, query), presentAccount);
    },
  );

  route(
    // Admins only: anyone else could claim any Unipile account id (one Unipile key serves every
    // tenant) and learn from a 409 which ids exist. Agents connect accounts through hosted auth.
    {
      method: 'post',
      path: '/api/linkedin-accounts',
      errors: [409],
      summary: 'Register a LinkedIn account by its Unipile id (admins; agents use hosted auth)',
      tags,
      access: 'admin',
      body: accountInput,
      response: accountSchema,
    },
    async ({ body, auth }) => {
      const clientId = clientForCreate(auth, body.client_id);
      const client = await findClient(db, clientId);
      if (!client) throw notFound('client');
      const { client_id: _client, unipile_account_id: unipileAccountId, ...settings } = body;
      const values = {
        ...settingsColumns(settings),
        timezone: body.timezone ?? client.timezone,
        warmupStartLimit: body.warmup_start_limit ?? null,
        warmupDays: body.warmup_days ?? null,
      };
      checkSettings({
        minActionSpacingSeconds: body.min_action_spacing_seconds,
        maxActionSpacingSeconds: body.max_action_spacing_seconds,
        warmupStartLimit: values.warmupStartLimit,
        warmupDays: values.warmupDays,
      });
      try {
        return presentAccount(await insertAccount(db, { ...values, name: body.name, clientId, unipileAccountId }));
      } catch (err) {
        if (isPgError(err, PG_UNIQUE_VIOLATION)) throw unipileIdTaken();
        throw err;
      }
    },
  );

  route(
    {
      method: 'get',
      path: '/api/linkedin-accounts/:id',
      summary: 'Get a LinkedIn account with its status',
      tags,
      access: 'read',
      params: idParams,
      response: accountSchema,
    },
    async ({ params, auth }) => {
      const row = await findScopedAccount(db, auth, params.id);
      if (!row) throw notFound('LinkedIn account');
      return presentAccount(row);
    },
  );

  route(
    {
      method: 'patch',
      path: '/api/linkedin-accounts/:id',
      summary: "Change a LinkedIn account's name, time zone or limits",
      tags,
      access: 'write',
      params: idParams,
      body: accountPatch,
      response: accountSchema,
    },
    async ({ params, body, auth }) => {
      const row = await findScopedAccount(db, auth, params.id);
      if (!row) throw notFound('LinkedIn account');
      const changes = settingsColumns(body);
      checkSettings({ ...row, ...changes } as AccountRow);
      const updated = await updateScopedAccount(db, auth, params.id, changes);
      if (!updated) throw notFound('LinkedIn account');
      return presentAccount(updated);
    },
  );

  route(
    {
      method: 'post',
      path: '/api/linkedin-accounts/:id/resume',
      // The sequencer queues the waiting steps again on its next tick.
      summary: 'Resume sending: clears the pause (an account error); only admins also clear a cooldown LinkedIn imposed',
      tags,
      access: 'write',
      params: idParams,
      status: 200,
      response: accountSchema,
    },
    async ({ params, auth }) => {
      // A cooldown follows a limit signal from LinkedIn (429, cannot_resend_yet): sending through it
      // risks the account, so clearing it early is an admin's decision; it ends by itself otherwise.
      const updated = await updateScopedAccount(db, auth, params.id, {
        pausedReason: null,
        ...(auth.role === 'admin' ? { cooldownUntil: null } : {}),
      });
      if (!updated) throw notFound('LinkedIn account');
      return presentAccount(updated);
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/linkedin-accounts/:id',
      errors: [409, 502],
      summary: 'Delete a LinkedIn account no campaign uses, here and at Unipile',
      tags,
      access: 'write',
      params: idParams,
      status: 204,
    },
    async ({ params, auth }) => {
      try {
        await db.transaction(async (tx) => {
          const deleted = await deleteScopedAccount(tx, auth, params.id);
          if (!deleted) throw notFound('LinkedIn account');
          // Removed at Unipile before the row commits: a failure there keeps the row (502, try
          // again); an account Unipile no longer knows is already where we want it.
          await deps.unipile.deleteAccount(deleted.unipileAccountId).catch((err: unknown) => {
            if (err instanceof UnipileError && err.status === 404) return;
            throw fromUnipileError(err, 'LinkedIn account');
          });
        });
      } catch (err) {
        // Campaigns keep their account (no cascade): deleting one in use would orphan their history.
        if (isPgError(err, PG_FOREIGN_KEY_VIOLATION))
          throw new ApiError(409, 'conflict', 'campaigns still use this LinkedIn account; delete them first');
        throw err;
      }
      return undefined;
    },
  );
}
