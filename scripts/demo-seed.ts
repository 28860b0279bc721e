/**
 * The demo world `pnpm start` shows when it runs against the sandbox: one client with a LinkedIn
 * account and a campaign whose three leads are sandbox people; a few seconds after start-up each
 * of them replies, so the reply path is visible end to end in the logs (`delivery processed …
 * outcome: matched`) and in Postgres. The sequencer issue extends this into the full invite →
 * connected → messaged → responded demo.
 */
import { campaigns, clients, createDatabase, eq, leads, linkedinAccounts } from '@outreach/db';
import { SandboxControl } from '@outreach/unipile-sandbox';

const DEMO_ACCOUNT = 'demo-linkedin-account';
const PEOPLE = [
  { first_name: 'Jonathan', last_name: 'Reyes', public_identifier: 'jonathan-reyes-demo', text: 'Hi! Yes, happy to chat next week.' },
  { first_name: 'Chris', last_name: 'Okafor', public_identifier: 'chris-okafor-demo', text: 'Thanks for reaching out, what does pricing look like?' },
  { first_name: 'Mei', last_name: 'Tanaka', public_identifier: 'mei-tanaka-demo', text: 'Not right now, maybe next quarter.' },
];

export async function seedDemo(input: { databaseUrl: string; sandboxUrl: string; apiKey: string; say: (line: string) => void }): Promise<void> {
  const control = new SandboxControl(input.sandboxUrl, input.apiKey);
  const account = await control.createAccount({ id: DEMO_ACCOUNT, name: 'Alex Agency', own: { first_name: 'Alex', last_name: 'Agency' } });
  const people = await Promise.all(PEOPLE.map(({ text: _text, ...p }) => control.createPerson(p)));

  const { db, close } = createDatabase(input.databaseUrl, { max: 1 });
  try {
    let [row] = await db.select().from(linkedinAccounts).where(eq(linkedinAccounts.unipileAccountId, DEMO_ACCOUNT));
    if (!row) {
      const [client] = await db.insert(clients).values({ name: 'Demo Client', timezone: 'Europe/London' }).returning();
      [row] = await db
        .insert(linkedinAccounts)
        .values({ clientId: client!.id, unipileAccountId: DEMO_ACCOUNT, name: 'Alex Agency', timezone: 'Europe/London' })
        .returning();
      const [campaign] = await db.insert(campaigns).values({ clientId: client!.id, linkedinAccountId: row!.id, name: 'Demo campaign', status: 'active' }).returning();
      await db.insert(leads).values(
        PEOPLE.map((p) => ({ clientId: client!.id, campaignId: campaign!.id, firstName: p.first_name, lastName: p.last_name, publicIdentifier: p.public_identifier, status: 'messaged' as const })),
      );
      input.say('seeded the demo client, LinkedIn account, campaign and 3 leads');
    }
    // The sandbox forgets everything on restart; the database remembers who it is.
    await db.update(linkedinAccounts).set({ providerUserId: account.connection_params.im.id }).where(eq(linkedinAccounts.id, row!.id));
  } finally {
    await close();
  }

  PEOPLE.forEach((p, i) => {
    const timer = setTimeout(() => {
      control
        .reply(people[i]!.provider_id, { account_id: DEMO_ACCOUNT, text: p.text })
        .then(() => input.say(`demo: ${p.first_name} ${p.last_name} replied in the sandbox`))
        .catch((err: Error) => input.say(`demo reply failed: ${err.message}`));
    }, 4000 * (i + 1));
    timer.unref();
  });
}
