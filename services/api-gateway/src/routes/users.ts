import { isPgError, PG_UNIQUE_VIOLATION, revokeApiKeysCreatedBy, USER_ROLES, type UserRole } from '@outreach/db';
import { hashPassword } from '../auth/passwords';
import type { GatewayDeps } from '../deps';
import { ApiError, notFound } from '../http/errors';
import { z } from '../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../http/pagination';
import type { RouteDefiner } from '../http/route';
import { idParams, timestamp } from '../http/schemas';
import { clientExists, deleteUser, findUser, insertUser, listUsers, updateUser, type UserRow } from './users/store';

const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(USER_ROLES),
    client_id: z.uuid().nullable().openapi({ description: 'null for admins, who see every client' }),
    disabled: z.boolean(),
    disabled_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('User');

const password = z.string().min(12, 'at least 12 characters').max(1024);
const role = z.enum(USER_ROLES);
const clientId = z
  .uuid('must be a UUID')
  .nullable()
  .openapi({ description: 'required for agents and viewers; null (or absent) for admins' });

const userInput = z
  .object({ email: z.email().max(320), password, role, client_id: clientId.optional() })
  .strict()
  .openapi('UserInput', { example: { email: 'agent@agency.example', password: 'a long passphrase', role: 'agent', client_id: '5f0c…' } });
const userPatch = z
  .object({
    role,
    client_id: clientId,
    password,
    disabled: z.boolean().openapi({ description: 'a disabled user can neither log in nor use a token issued before' }),
  })
  .partial()
  .strict()
  .openapi('UserPatch');
const listQuery = z.object({ ...paginationQuery, client_id: z.uuid('must be a UUID').optional() }).strict();

const present = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  client_id: u.clientId,
  disabled: u.disabledAt !== null,
  disabled_at: u.disabledAt?.toISOString() ?? null,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
});

const badField = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', `body.${path}: ${message}`, [{ location: 'body', path, message }]);

/** Admins belong to no client; agents and viewers to exactly one. */
function clientForRole(userRole: UserRole, requested: string | null | undefined): string | null {
  if (userRole === 'admin') {
    if (requested) throw badField('client_id', 'must be null for admins (they see every client)');
    return null;
  }
  if (!requested) throw badField('client_id', `required for ${userRole}s`);
  return requested;
}

const emailTaken = () =>
  new ApiError(409, 'conflict', 'a user with this email already exists', [{ location: 'body', path: 'email', message: 'already taken' }]);

/** Operators: admins manage every user; nobody else reaches these routes. Password hashes never leave. */
export function registerUserRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  const requireClient = async (id: string | null) => {
    if (id === null) return;
    if (!(await clientExists(db, id))) throw notFound('client');
  };
  const find = (id: string) => findUser(db, id);

  route(
    {
      method: 'get',
      path: '/api/users',
      summary: 'List users',
      tags: ['users'],
      access: 'admin',
      query: listQuery,
      response: pageOf(userSchema),
    },
    async ({ query }) => {
      return presentPage(await listUsers(db, query), present);
    },
  );

  route(
    {
      method: 'post',
      path: '/api/users',
      errors: [409],
      summary: 'Create a user',
      tags: ['users'],
      access: 'admin',
      body: userInput,
      response: userSchema,
    },
    async ({ body }) => {
      const owner = clientForRole(body.role, body.client_id);
      await requireClient(owner);
      try {
        const row = await insertUser(db, {
          email: body.email.trim().toLowerCase(),
          passwordHash: await hashPassword(body.password),
          role: body.role,
          clientId: owner,
        });
        return present(row);
      } catch (err) {
        if (isPgError(err, PG_UNIQUE_VIOLATION)) throw emailTaken();
        throw err;
      }
    },
  );

  route(
    {
      method: 'get',
      path: '/api/users/:id',
      summary: 'Get a user',
      tags: ['users'],
      access: 'admin',
      params: idParams,
      response: userSchema,
    },
    async ({ params }) => {
      const row = await find(params.id);
      if (!row) throw notFound('user');
      return present(row);
    },
  );

  route(
    {
      method: 'patch',
      path: '/api/users/:id',
      errors: [409],
      summary: "Change a user's role, client, password or disabled state",
      tags: ['users'],
      access: 'admin',
      params: idParams,
      body: userPatch,
      response: userSchema,
    },
    async ({ params, body, auth }) => {
      const row = await find(params.id);
      if (!row) throw notFound('user');
      // Only admins reach this route, so refusing self-demotion and self-disabling is what keeps at
      // least one active admin: whoever acts stays an admin.
      if (row.id === auth.userId && ((body.role !== undefined && body.role !== 'admin') || body.disabled === true)) {
        throw new ApiError(409, 'conflict', 'you cannot demote or disable yourself; ask another admin');
      }
      const nextRole = body.role ?? row.role;
      // Promoting to admin drops the client unless one is named (which clientForRole then refuses).
      const requested = body.client_id !== undefined ? body.client_id : nextRole === 'admin' ? null : row.clientId;
      const owner = clientForRole(nextRole, requested);
      await requireClient(owner);
      const now = new Date();
      // A new password, role or client ends every session: tokens issued before say what no longer holds.
      const endsSessions = body.password !== undefined || nextRole !== row.role || owner !== row.clientId;
      const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
      const updated = await db.transaction(async (tx) => {
        const written = await updateUser(tx, params.id, {
          role: nextRole,
          clientId: owner,
          ...(passwordHash ? { passwordHash } : {}),
          ...(body.disabled !== undefined ? { disabledAt: body.disabled ? (row.disabledAt ?? now) : null } : {}),
          ...(endsSessions ? { tokensValidAfter: now } : {}),
        });
        // The keys an integration got from this user stop with the user.
        if (written && body.disabled === true) await revokeApiKeysCreatedBy(tx, written.id, now);
        return written;
      });
      if (!updated) throw notFound('user');
      return present(updated);
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/users/:id',
      errors: [409],
      summary: 'Delete a user',
      tags: ['users'],
      access: 'admin',
      params: idParams,
      status: 204,
    },
    async ({ params, auth }) => {
      if (params.id === auth.userId) throw new ApiError(409, 'conflict', 'you cannot delete yourself; ask another admin');
      const deleted = await db.transaction(async (tx) => {
        await revokeApiKeysCreatedBy(tx, params.id);
        return deleteUser(tx, params.id);
      });
      if (!deleted) throw notFound('user');
      return undefined;
    },
  );
}
