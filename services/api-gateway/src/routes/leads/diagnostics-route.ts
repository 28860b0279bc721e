import { UnipileError } from '@outreach/unipile';
import type { GatewayDeps } from '../../deps';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams, timestamp } from '../../http/schemas';
import { findLead, listLeadDeliveries, listLeadEvents, listUnmatchedMentioning } from './store';
import { eventSchema, leadSchema, presentEvent, presentLead, type LeadRow } from './schemas';

const SHOWN = 50;
const UNMATCHED_LOOKBACK_DAYS = 30;

const deliverySchema = z
  .object({
    id: z.uuid(),
    received_at: timestamp,
    kind: z.string(),
    event: z.string().nullable(),
    outcome: z.string(),
    match_key: z.string().nullable(),
    tried_keys: z.array(z.object({ key: z.string(), value: z.string() })),
    route: z.string(),
  })
  .openapi('LeadDelivery');

const chatMessageSchema = z.object({
  id: z.string(),
  sender_id: z.string().nullable(),
  text: z.string().nullable(),
  timestamp: z.string(),
  is_sender: z.boolean(),
});

const diagnosticsSchema = z
  .object({
    lead: leadSchema,
    events: z.array(eventSchema).openapi({ description: 'The last 50, newest first' }),
    deliveries: z.array(deliverySchema).openapi({ description: 'Webhook deliveries matched to this lead (last 50)' }),
    unmatched_mentioning: z.array(deliverySchema).openapi({
      description: `Unmatched deliveries of the last ${UNMATCHED_LOOKBACK_DAYS} days whose tried keys name one of this lead's identifiers (last 50)`,
    }),
    chat: z
      .object({ chat_id: z.string(), messages: z.array(chatMessageSchema) })
      .nullable()
      .openapi({ description: "Live messages of the lead's Unipile chat; null without one" }),
    chat_error: z.string().nullable().openapi({ description: 'Why the chat could not be read from Unipile' }),
  })
  .openapi('LeadDiagnostics');

type DeliveryRow = { received_at: Date } & Omit<z.infer<typeof deliverySchema>, 'received_at'>;
const presentDelivery = (d: DeliveryRow) => ({ ...d, received_at: d.received_at.toISOString() });

/** The chat as Unipile has it now; a Unipile failure is reported in the answer, not as a 500. */
async function liveChat(deps: GatewayDeps, lead: LeadRow) {
  if (!lead.conversationId) return { chat: null, chat_error: null };
  try {
    const page = await deps.unipile.listChatMessages(lead.conversationId, { limit: SHOWN });
    const messages = page.items.map((m) => ({
      id: m.id,
      sender_id: m.sender_id ?? null,
      text: m.text ?? null,
      timestamp: m.timestamp,
      is_sender: m.is_sender,
    }));
    return { chat: { chat_id: lead.conversationId, messages }, chat_error: null };
  } catch (err) {
    const reason =
      err instanceof UnipileError
        ? `Unipile answered ${err.status || 'nothing'} (${err.code}): ${err.message}`
        : err instanceof Error
          ? err.message
          : String(err);
    return { chat: null, chat_error: reason };
  }
}

/** Everything an on-call engineer needs to explain what happened (or did not) with one lead. */
export function registerLeadDiagnosticsRoute(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  route(
    {
      method: 'get',
      path: '/api/leads/:id/diagnostics',
      summary: "A lead's events, webhook deliveries and live chat",
      tags: ['leads'],
      access: 'read',
      params: idParams,
      response: diagnosticsSchema,
    },
    async ({ params, auth }) => {
      const lead = await findLead(db, auth, params.id);
      const [history, matched, unmatched, chat] = await Promise.all([
        listLeadEvents(db, lead, SHOWN),
        listLeadDeliveries(db, lead, SHOWN),
        // Only 30 days are searched: the containment test is answered after the indexes narrow by time.
        listUnmatchedMentioning(db, lead, new Date(Date.now() - UNMATCHED_LOOKBACK_DAYS * 86_400_000), SHOWN),
        liveChat(deps, lead),
      ]);
      return {
        lead: presentLead(lead),
        events: history.map(presentEvent),
        deliveries: matched.map(presentDelivery),
        unmatched_mentioning: unmatched.map(presentDelivery),
        ...chat,
      };
    },
  );
}
