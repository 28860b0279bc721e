import type { Database } from '@outreach/db';
import type { SandboxControl } from '@outreach/unipile-sandbox';

export interface SeededConfig {
  campaignIds: string[];
  accounts: Array<{ id: string; unipileAccountId: string }>;
  leads: number;
}

const LIFTED = 1_000_000;

/** Runs `work` over `items` with at most `limit` in flight (the sandbox control API is one HTTP call per person). */
export async function inPool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * One client; `accounts` sandbox accounts with their rows (every cap at 1,000,000, spacing 0, the
 * sandbox's weekly invite quota lifted too), one always-open campaign per account with an invite
 * step and a message step (delay 0), and `leads` people spread round-robin over the accounts.
 * invite: leads `pending_invite` with their provider id, so a send is one POST /users/invite.
 * message: leads `connected` on the message step (the sandbox made them first-degree), no chat
 * yet, so a send is GET /chats (finding none) then POST /chats.
 */
export async function seedSenderConfig(
  database: Database,
  control: SandboxControl,
  input: { tag: string; accounts: number; leads: number; action: 'invite' | 'message' },
): Promise<SeededConfig> {
  const { sql } = database;
  const [client] = await sql<Array<{ id: string }>>`insert into clients (name) values (${`bench-sender ${input.tag}`}) returning id`;
  const accounts = await inPool(
    Array.from({ length: input.accounts }, (_, i) => i),
    8,
    async (i) => {
      const name = `Bench Sender ${input.tag}-${i}`;
      const view = await control.createAccount({ name, weekly_invite_quota: LIFTED });
      const [row] = await sql<Array<{ id: string }>>`
      insert into linkedin_accounts (client_id, unipile_account_id, name, provider_user_id, daily_invite_limit, daily_message_limit,
                                     daily_profile_view_limit, weekly_invite_limit, min_action_spacing_seconds, max_action_spacing_seconds)
      values (${client!.id}, ${view.id}, ${name}, ${view.connection_params.im.id}, ${LIFTED}, ${LIFTED}, ${LIFTED}, ${LIFTED}, 0, 0)
      returning id`;
      return { id: row!.id, unipileAccountId: view.id };
    },
  );
  const campaignIds: string[] = [];
  for (const [i, account] of accounts.entries()) {
    const [campaign] = await sql<Array<{ id: string }>>`
      insert into campaigns (client_id, linkedin_account_id, name, status, timezone, working_days, working_hours_start, working_hours_end, started_at)
      values (${client!.id}, ${account.id}, ${`bench ${input.tag} ${i}`}, 'active', 'UTC', '{1,2,3,4,5,6,7}', '00:00', '24:00', now())
      returning id`;
    await sql`
      insert into sequence_steps (campaign_id, position, action, template, accept_timeout_days, delay_minutes)
      values (${campaign!.id}, 0, 'invite', 'Hi {{first_name}}, let us connect.', 14, null),
             (${campaign!.id}, 1, 'message', 'Thanks for connecting, {{first_name}}! How is {{company}} doing?', null, 0)`;
    campaignIds.push(campaign!.id);
  }

  const people = await inPool(
    Array.from({ length: input.leads }, (_, i) => i),
    32,
    async (i) => {
      const account = accounts[i % accounts.length]!;
      const first = `Ann${i}`;
      const last = `Bench ${input.tag}`;
      const person = await control.createPerson({ first_name: first, last_name: last });
      if (input.action === 'message')
        await control.connect({ account_id: account.unipileAccountId, provider_id: person.provider_id, notify: false });
      return {
        campaignId: campaignIds[i % accounts.length]!,
        first,
        last,
        providerId: person.provider_id,
        publicIdentifier: person.public_identifier,
      };
    },
  );

  const status = input.action === 'invite' ? 'pending_invite' : 'connected';
  const step = input.action === 'invite' ? 0 : 1;
  for (let start = 0; start < people.length; start += 1000) {
    const chunk = people.slice(start, start + 1000);
    await sql`
      insert into leads (client_id, campaign_id, first_name, last_name, company, public_identifier, provider_id, status, current_step,
                         next_action_at, invite_sent_at, last_step_sent_at, connected_at)
      select ${client!.id}::uuid, r.campaign_id, r.first, r.last, 'Company ' || r.last, r.public_identifier, r.provider_id,
             ${status}::lead_status, ${step}::int, now() - interval '1 minute',
             case when ${step}::int = 1 then now() - interval '2 hours' end,
             case when ${step}::int = 1 then now() - interval '2 hours' end,
             case when ${step}::int = 1 then now() - interval '1 hour' end
        from jsonb_to_recordset(${JSON.stringify(chunk.map((p) => ({ campaign_id: p.campaignId, first: p.first, last: p.last, public_identifier: p.publicIdentifier, provider_id: p.providerId })))}::jsonb)
          as r(campaign_id uuid, first text, last text, public_identifier text, provider_id text)`;
  }
  await sql`analyze`;
  return { campaignIds, accounts, leads: people.length };
}
