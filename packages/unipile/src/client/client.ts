import { z } from 'zod';
import { request, type HttpOptions } from './http';
import {
  accountSchema,
  attendeeSchema,
  chatSchema,
  chatStartedSchema,
  hostedAuthUrlSchema,
  invitationSentSchema,
  listOf,
  messageSchema,
  messageSentSchema,
  profileSchema,
  relationSchema,
  sentInvitationSchema,
  webhookCreatedSchema,
  webhookSchema,
  type Page,
  type UnipileAccount,
  type UnipileAttendee,
  type UnipileChat,
  type UnipileMessage,
  type UnipileProfile,
  type UnipileRelation,
  type UnipileSentInvitation,
  type UnipileWebhook,
} from './schemas';

export interface PageQuery {
  limit?: number;
  cursor?: string | null;
}

export interface WebhookRegistration {
  source: 'messaging' | 'users' | 'account_status';
  request_url: string;
  name: string;
  events?: string[];
  account_ids?: string[];
  headers: Array<{ key: string; value: string }>;
}

/** Unipile's datetime query format: always with milliseconds, always UTC. */
export const toUnipileDate = (date: Date): string => date.toISOString();

const page = <T>(result: { items: T[]; cursor?: string | null }): Page<T> => ({ items: result.items, cursor: result.cursor ?? null });
const ok = z.unknown();

/**
 * A typed client for the Unipile v1 endpoints this platform uses (shared/unipile/reference.md).
 * Every method throws `UnipileError` on failure; none retries (retries belong to the job queue).
 */
export function createUnipileClient(options: HttpOptions) {
  const call = <S extends z.ZodType>(spec: Parameters<typeof request<S>>[1]) => request(options, spec);

  return {
    async getAccount(accountId: string): Promise<UnipileAccount> {
      return call({ method: 'GET', path: `/accounts/${encodeURIComponent(accountId)}`, schema: accountSchema });
    },
    /** Disconnects the account at Unipile (it stops syncing and is no longer billed). */
    async deleteAccount(accountId: string): Promise<void> {
      await call({ method: 'DELETE', path: `/accounts/${encodeURIComponent(accountId)}`, schema: ok });
    },
    /** Profile lookup by provider id, public identifier or member id. Counts as a profile view. */
    async getProfile(accountId: string, identifier: string): Promise<UnipileProfile> {
      return call({
        method: 'GET',
        path: `/users/${encodeURIComponent(identifier)}`,
        query: { account_id: accountId },
        schema: profileSchema,
      });
    },
    async sendInvitation(input: { accountId: string; providerId: string; message?: string }) {
      const json = { account_id: input.accountId, provider_id: input.providerId, ...(input.message ? { message: input.message } : {}) };
      return call({ method: 'POST', path: '/users/invite', json, schema: invitationSentSchema });
    },
    async listSentInvitations(accountId: string, q: PageQuery = {}): Promise<Page<UnipileSentInvitation>> {
      return page(
        await call({
          method: 'GET',
          path: '/users/invite/sent',
          query: { account_id: accountId, ...q },
          schema: listOf(sentInvitationSchema),
        }),
      );
    },
    async cancelInvitation(accountId: string, invitationId: string): Promise<void> {
      await call({
        method: 'DELETE',
        path: `/users/invite/sent/${encodeURIComponent(invitationId)}`,
        query: { account_id: accountId },
        schema: ok,
      });
    },
    async listRelations(accountId: string, q: PageQuery = {}): Promise<Page<UnipileRelation>> {
      return page(
        await call({ method: 'GET', path: '/users/relations', query: { account_id: accountId, ...q }, schema: listOf(relationSchema) }),
      );
    },
    async listChats(accountId: string, q: PageQuery & { after?: Date } = {}): Promise<Page<UnipileChat>> {
      const query = { account_id: accountId, limit: q.limit, cursor: q.cursor, after: q.after && toUnipileDate(q.after) };
      return page(await call({ method: 'GET', path: '/chats', query, schema: listOf(chatSchema) }));
    },
    async listChatMessages(chatId: string, q: PageQuery = {}): Promise<Page<UnipileMessage>> {
      return page(
        await call({
          method: 'GET',
          path: `/chats/${encodeURIComponent(chatId)}/messages`,
          query: { ...q },
          schema: listOf(messageSchema),
        }),
      );
    },
    async listChatAttendees(chatId: string): Promise<Page<UnipileAttendee>> {
      return page(await call({ method: 'GET', path: `/chats/${encodeURIComponent(chatId)}/attendees`, schema: listOf(attendeeSchema) }));
    },
    /** All messages of an account, newest first; `after` bounds the lookback. */
    async listMessages(accountId: string, q: PageQuery & { after?: Date } = {}): Promise<Page<UnipileMessage>> {
      const query = { account_id: accountId, limit: q.limit, cursor: q.cursor, after: q.after && toUnipileDate(q.after) };
      return page(await call({ method: 'GET', path: '/messages', query, schema: listOf(messageSchema) }));
    },
    /** Starts (or reuses) a 1:1 chat with a first-degree connection and sends the first message. */
    async startChat(input: { accountId: string; attendeeProviderIds: string[]; text: string }) {
      const form = new FormData();
      form.append('account_id', input.accountId);
      for (const id of input.attendeeProviderIds) form.append('attendees_ids', id);
      form.append('text', input.text);
      form.append('linkedin[api]', 'classic');
      return call({ method: 'POST', path: '/chats', form, schema: chatStartedSchema });
    },
    /** Sends into a chat; files go as repeated multipart `attachments` parts (Unipile: ~15 MB per request). */
    async sendMessage(input: {
      chatId: string;
      text: string;
      accountId?: string;
      attachments?: ReadonlyArray<{ fileName: string; mimetype: string; content: Uint8Array }>;
    }) {
      const form = new FormData();
      form.append('text', input.text);
      if (input.accountId) form.append('account_id', input.accountId);
      for (const a of input.attachments ?? []) form.append('attachments', new Blob([a.content], { type: a.mimetype }), a.fileName);
      return call({ method: 'POST', path: `/chats/${encodeURIComponent(input.chatId)}/messages`, form, schema: messageSentSchema });
    },
    async listWebhooks(q: PageQuery = {}): Promise<Page<UnipileWebhook>> {
      return page(await call({ method: 'GET', path: '/webhooks', query: { ...q }, schema: listOf(webhookSchema) }));
    },
    async createWebhook(input: WebhookRegistration): Promise<string> {
      const json = { format: 'json', enabled: true, ...input };
      return (await call({ method: 'POST', path: '/webhooks', json, schema: webhookCreatedSchema })).webhook_id;
    },
    async deleteWebhook(webhookId: string): Promise<void> {
      await call({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(webhookId)}`, schema: ok });
    },
    async createHostedAuthLink(input: {
      type: 'create' | 'reconnect';
      apiUrl: string;
      expiresOn: Date;
      name: string;
      notifyUrl: string;
      reconnectAccount?: string;
    }) {
      const json = {
        type: input.type,
        providers: ['LINKEDIN'],
        api_url: input.apiUrl,
        expiresOn: toUnipileDate(input.expiresOn),
        name: input.name,
        notify_url: input.notifyUrl,
        ...(input.reconnectAccount ? { reconnect_account: input.reconnectAccount } : {}),
      };
      return (await call({ method: 'POST', path: '/hosted/accounts/link', json, schema: hostedAuthUrlSchema })).url;
    },
  };
}

export type UnipileClient = ReturnType<typeof createUnipileClient>;
