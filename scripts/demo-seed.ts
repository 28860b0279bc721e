/**
 * The demo world `pnpm start` shows when it runs against the sandbox: one client with a LinkedIn
 * account and an active campaign (an always-open window, minute-scale delays) whose five leads are
 * sandbox people who accept invitations and reply after short random delays. Within a few minutes
 * the leads move invite_sent → connected → messaged → responded: visible in the API
 * (`GET /api/campaigns/{id}/leads`), in Bull Board (`/admin/queues`) and in the logs.
 */
import { campaigns, clients, createDatabase, leads, linkedinAccounts, sequenceSteps } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { SandboxControl } from '@outreach/unipile-sandbox';

const DEMO_ACCOUNT = 'demo-linkedin-account';
const DEMO_CAMPAIGN = 'Demo sequence';
const PEOPLE = [
  { first_name: 'Jonathan', last_name: 'Reyes', company: 'Northwind', reply: 'Hi! Yes, happy to chat next week.' },
  { first_name: 'Chris', last_name: 'Okafor', company: 'Contoso', reply: 'Thanks for reaching out, what does pricing look like?' },
  { first_name: 'Mei', last_name: 'Tanaka', company: 'Fabrikam', reply: 'Not right now, maybe next quarter.' },
  { first_name: 'Amara', last_name: 'Diallo', company: 'Tailspin', reply: 'Sounds interesting — send me a deck?' },
  { first_name: 'Lukas', last_name: 'Berg', company: 'Adatum', reply: 'We already use something similar, but tell me more.' },
].map((p, i) => ({ ...p, public_identifier: `${p.first_name}-${p.last_name}-demo`.toLowerCase(), provider_id: `ACoAADemoPerson${i}` }));

const STEPS = [
  { action: 'invite' as const, template: 'Hi {{first_name}}, I work with teams like {{company|yours}} on outreach. Happy to connect!' },
  {
    action: 'message' as const,
    template: 'Thanks for connecting, {{first_name}}! Would a 15-minute call next week be useful?',
    delayMinutes: 1,
  },
  {
    action: 'message' as const,
    template: 'Hi {{first_name}}, just bumping this in case it got buried. — {{sender_first_name}}',
    delayMinutes: 3,
  },
];

export async function seedDemo(input: {
  databaseUrl: string;
  sandboxUrl: string;
  apiKey: string;
  say: (line: string) => void;
}): Promise<void> {
  const control = new SandboxControl(input.sandboxUrl, input.apiKey);
  const account = await control.createAccount({ id: DEMO_ACCOUNT, name: 'Alex Agency', own: { first_name: 'Alex', last_name: 'Agency' } });
  // The sandbox forgets everything on restart: the same people come back under the same ids.
  await Promise.all(
    PEOPLE.map(({ reply, company: _company, ...p }) =>
      control
        .createPerson({ ...p, behaviour: { accept_after_ms: [15_000, 45_000], reply_after_ms: [20_000, 60_000], reply_text: reply } })
        .catch(() => undefined),
    ),
  );

  const { db, close } = createDatabase(input.databaseUrl, { max: 1 });
  try {
    let [row] = await db.select().from(linkedinAccounts).where(eq(linkedinAccounts.unipileAccountId, DEMO_ACCOUNT));
    if (!row) {
      const [client] = await db
        .insert(clients)
        .values({
          name: 'Demo Client',
          timezone: 'Europe/London',
          notificationEmails: ['ops@demo-agency.example'],
          reportEmails: ['client@demo.example'],
        })
        .returning();
      [row] = await db
        .insert(linkedinAccounts)
        .values({
          clientId: client!.id,
          unipileAccountId: DEMO_ACCOUNT,
          name: 'Alex Agency',
          timezone: 'Europe/London',
          minActionSpacingSeconds: 3,
          maxActionSpacingSeconds: 8,
        })
        .returning();
    }
    const account_ = row!;
    const [existing] = await db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.linkedinAccountId, account_.id), eq(campaigns.name, DEMO_CAMPAIGN)));
    if (!existing) {
      const [campaign] = await db
        .insert(campaigns)
        .values({
          clientId: account_.clientId,
          linkedinAccountId: account_.id,
          name: DEMO_CAMPAIGN,
          status: 'active',
          timezone: 'Europe/London',
          workingDays: [1, 2, 3, 4, 5, 6, 7],
          workingHoursStart: '00:00',
          workingHoursEnd: '24:00',
          startedAt: new Date(),
        })
        .returning();
      await db.insert(sequenceSteps).values(
        STEPS.map((s, position) => ({
          campaignId: campaign!.id,
          position,
          action: s.action,
          template: s.template,
          delayMinutes: 'delayMinutes' in s ? s.delayMinutes : null,
        })),
      );
      await db.insert(leads).values(
        PEOPLE.map((p) => ({
          clientId: account_.clientId,
          campaignId: campaign!.id,
          firstName: p.first_name,
          lastName: p.last_name,
          company: p.company,
          publicIdentifier: p.public_identifier,
          profileUrl: `https://www.linkedin.com/in/${p.public_identifier}`,
          status: 'pending_invite' as const,
          nextActionAt: new Date(),
        })),
      );
      input.say(
        `seeded the demo: client, LinkedIn account, campaign ${campaign!.id} with ${STEPS.length} steps and ${PEOPLE.length} leads`,
      );
      input.say('demo: within a few minutes the leads go invite_sent → connected → messaged → responded');
    }
    // Demo pacing: a few seconds between actions, so the whole sequence plays out in minutes.
    await db
      .update(linkedinAccounts)
      .set({ providerUserId: account.connection_params.im.id, minActionSpacingSeconds: 3, maxActionSpacingSeconds: 8 })
      .where(eq(linkedinAccounts.id, account_.id));
  } finally {
    await close();
  }
}
