import type { GatewayDeps } from '../deps';
import { notFound } from '../http/errors';
import { z } from '../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../http/pagination';
import type { RouteDefiner } from '../http/route';
import { emailList, idParams, timeZone, timestamp } from '../http/schemas';
import { deleteClient, findClient, insertClient, listClients, updateClient, type ClientRow } from './clients/store';

const clientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    report_emails: z.array(z.string()),
    notification_emails: z.array(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Client');

const clientFields = {
  name: z.string().trim().min(1).max(200),
  timezone: timeZone,
  report_emails: emailList,
  notification_emails: emailList,
};
const clientInput = z
  .object({
    ...clientFields,
    timezone: timeZone.default('UTC'),
    report_emails: emailList.default([]),
    notification_emails: emailList.default([]),
  })
  .strict()
  .openapi('ClientInput');
const clientPatch = z.object(clientFields).partial().strict().openapi('ClientPatch');

const present = (c: ClientRow) => ({
  id: c.id,
  name: c.name,
  timezone: c.timezone,
  report_emails: c.reportEmails,
  notification_emails: c.notificationEmails,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

/** Clients are the tenants; only admins create, see the list of, or change them. */
export function registerClientRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  route(
    {
      method: 'get',
      path: '/api/clients',
      summary: 'List clients',
      tags: ['clients'],
      access: 'admin',
      query: z.object(paginationQuery).strict(),
      response: pageOf(clientSchema),
    },
    async ({ query }) => {
      return presentPage(await listClients(db, query), present);
    },
  );
  route(
    {
      method: 'post',
      path: '/api/clients',
      summary: 'Create a client',
      tags: ['clients'],
      access: 'admin',
      body: clientInput,
      response: clientSchema,
    },
    async ({ body }) => {
      const row = await insertClient(db, {
        name: body.name,
        timezone: body.timezone,
        reportEmails: body.report_emails,
        notificationEmails: body.notification_emails,
      });
      return present(row);
    },
  );
  route(
    {
      method: 'get',
      path: '/api/clients/:id',
      summary: 'Get a client',
      tags: ['clients'],
      access: 'admin',
      params: idParams,
      response: clientSchema,
    },
    async ({ params }) => {
      const row = await findClient(db, params.id);
      if (!row) throw notFound('client');
      return present(row);
    },
  );
  route(
    {
      method: 'patch',
      path: '/api/clients/:id',
      summary: 'Change a client',
      tags: ['clients'],
      access: 'admin',
      params: idParams,
      body: clientPatch,
      response: clientSchema,
    },
    async ({ params, body }) => {
      const row = await updateClient(db, params.id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.report_emails !== undefined ? { reportEmails: body.report_emails } : {}),
        ...(body.notification_emails !== undefined ? { notificationEmails: body.notification_emails } : {}),
      });
      if (!row) throw notFound('client');
      return present(row);
    },
  );
  route(
    {
      method: 'delete',
      path: '/api/clients/:id',
      summary: 'Delete a client and everything it owns',
      tags: ['clients'],
      access: 'admin',
      params: idParams,
      status: 204,
    },
    async ({ params }) => {
      if (!(await deleteClient(db, params.id))) throw notFound('client');
      return undefined;
    },
  );
}
