import { startTestSandbox, type TestSandbox } from './testing/fixture';

describe('unipile sandbox: auth, profiles and invitations', () => {
  let t: TestSandbox;
  let accountId: string;
  let ownProviderId: string;

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    const account = await t.control.createAccount({ name: 'Jose Corral', weekly_invite_quota: 200 });
    accountId = account.id;
    ownProviderId = account.connection_params.im.id;
  });

  describe('authentication', () => {
    it('answers 401 missing_credentials without or with a wrong X-API-KEY', async () => {
      for (const key of [null, 'wrong']) {
        const res = await t.api('GET', '/accounts', { key });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ status: 401, type: 'errors/missing_credentials', title: 'Missing credentials' });
      }
    });

    it('answers unknown routes with 404 resource_not_found in RFC 7807 form', async () => {
      const res = await t.api('GET', '/nothing/here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        status: 404,
        type: 'errors/resource_not_found',
        title: 'Resource not found.',
        instance: '/api/v1/nothing/here',
      });
    });
  });

  describe('accounts', () => {
    it('lists accounts with total_count and status_counts and returns the real Account shape', async () => {
      const list = await t.api('GET', '/accounts?limit=250');
      expect(list.body).toMatchObject({ object: 'AccountList', cursor: null });
      expect(list.body.total_count).toBe(list.body.items.length);
      expect(list.body.status_counts.OK).toBeGreaterThan(0);
      const one = await t.api('GET', `/accounts/${accountId}`);
      expect(one.body).toMatchObject({
        object: 'Account',
        type: 'LINKEDIN',
        id: accountId,
        name: 'Jose Corral',
        sources: [{ id: `${accountId}_MESSAGING`, status: 'OK' }],
        connection_params: { im: { id: ownProviderId, username: 'Jose Corral' } },
      });
      expect(ownProviderId).toMatch(/^ACoAA[A-Za-z0-9_-]{34}$/);
    });
  });

  describe('GET /users/{identifier}', () => {
    it('resolves provider id, slug, member id and both URN forms to the same profile', async () => {
      const ana = await t.control.createPerson({
        first_name: 'Ana',
        last_name: 'Silva',
        headline: 'Marketing Digital | Growth',
        location: 'Lisbon, Portugal',
      });
      const forms = [
        ana.provider_id,
        ana.public_identifier,
        ana.member_id,
        `urn:li:member:${ana.member_id}`,
        `urn:li:fsd_profile:${ana.provider_id}`,
      ];
      for (const identifier of forms) {
        const res = await t.api('GET', `/users/${encodeURIComponent(identifier)}?account_id=${accountId}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          object: 'UserProfile',
          provider: 'LINKEDIN',
          provider_id: ana.provider_id,
          public_identifier: ana.public_identifier,
          member_urn: ana.member_id,
          first_name: 'Ana',
          last_name: 'Silva',
          headline: 'Marketing Digital | Growth',
          location: 'Lisbon, Portugal',
          is_relationship: false,
          network_distance: 'SECOND_DEGREE',
          is_self: false,
          websites: [],
        });
        expect(res.body.member_urn).toMatch(/^\d+$/);
        expect(res.body.invitation).toBeUndefined();
      }
      const sent = await t.control.sent(accountId);
      expect(sent.profile_views.map((v) => v.identifier)).toEqual(forms);
    });

    it('finds people created in bulk by every identifier, and still refuses a taken slug or member id', async () => {
      const tag = Date.now().toString(36);
      const created = await t.control.createPeople({
        people: [
          { provider_id: `ACoAbulkA${tag}`, public_identifier: `bulk-a-${tag}`, member_id: '987650001', first_name: 'Bo', last_name: 'A' },
          { provider_id: `ACoAbulkB${tag}`, public_identifier: `Bulk-B-${tag}`, member_id: '987650002', first_name: 'Bo', last_name: 'B' },
        ],
      });
      expect(created).toEqual({ created: 2 });
      for (const [identifier, providerId] of [
        [`bulk-a-${tag}`, `ACoAbulkA${tag}`],
        [`bulk-b-${tag}`, `ACoAbulkB${tag}`],
        ['987650002', `ACoAbulkB${tag}`],
        ['urn:li:member:987650001', `ACoAbulkA${tag}`],
      ]) {
        const res = await t.api('GET', `/users/${encodeURIComponent(identifier!)}?account_id=${accountId}`);
        expect(res.status).toBe(200);
        expect(res.body.provider_id).toBe(providerId);
      }
      await expect(t.control.createPerson({ first_name: 'Cy', last_name: 'C', public_identifier: `BULK-A-${tag}` })).rejects.toMatchObject({
        status: 409,
      });
      await expect(t.control.createPerson({ first_name: 'Cy', last_name: 'C', member_id: '987650002' })).rejects.toMatchObject({
        status: 409,
      });
      // Renaming a person frees the old slug.
      await t.control.createPerson({
        provider_id: `ACoAbulkA${tag}`,
        public_identifier: `bulk-a2-${tag}`,
        first_name: 'Bo',
        last_name: 'A',
      });
      expect((await t.api('GET', `/users/bulk-a-${tag}?account_id=${accountId}`)).status).toBe(404);
      expect((await t.api('GET', `/users/bulk-a2-${tag}?account_id=${accountId}`)).body.provider_id).toBe(`ACoAbulkA${tag}`);
    });

    it('refuses a bulk call of no people or over 5,000 with 400', async () => {
      const people = Array.from({ length: 5001 }, (_, i) => ({ first_name: `P${i}`, last_name: 'Many' }));
      await expect(t.control.createPeople({ people })).rejects.toMatchObject({ status: 400 });
      await expect(t.control.createPeople({ people: [] })).rejects.toMatchObject({ status: 400 });
    });

    it('answers 404 resource_not_found for an unknown member', async () => {
      const res = await t.api('GET', `/users/nobody-here?account_id=${accountId}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: 'errors/resource_not_found', title: 'Resource not found.' });
    });

    it('reports FIRST_DEGREE once related and a pending invitation while one is open', async () => {
      const bo = await t.control.createPerson({ first_name: 'Bo', last_name: 'Lind', network_distance: 'THIRD_DEGREE' });
      const profile = async (): Promise<Record<string, unknown>> =>
        (await t.api('GET', `/users/${bo.provider_id}?account_id=${accountId}`)).body;
      expect(await profile()).toMatchObject({ network_distance: 'THIRD_DEGREE', is_relationship: false });
      await t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: bo.provider_id } });
      expect(await profile()).toMatchObject({ invitation: { type: 'SENT', status: 'PENDING' } });
      await t.control.accept(bo.provider_id, { account_id: accountId, notify: false });
      const after = await profile();
      expect(after).toMatchObject({ network_distance: 'FIRST_DEGREE', is_relationship: true });
      expect(after.invitation).toBeUndefined();
    });
  });

  describe('POST /users/invite', () => {
    const invite = (json: Record<string, unknown>) => t.api('POST', '/users/invite', { json: { account_id: accountId, ...json } });

    it('answers UserInvitationSent with a numeric invitation id and logs it', async () => {
      const p = await t.control.createPerson({ first_name: 'Cy', last_name: 'Ng' });
      const res = await invite({ provider_id: p.provider_id, message: 'Hi Cy' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ object: 'UserInvitationSent', invitation_id: expect.stringMatching(/^\d{19}$/) });
      const sent = await t.control.sent(accountId);
      expect(sent.invitations).toEqual([
        expect.objectContaining({ provider_id: p.provider_id, message: 'Hi Cy', invitation_id: res.body.invitation_id }),
      ]);
    });

    it('rejects a note over 300 characters with 400 too_many_characters', async () => {
      const p = await t.control.createPerson({ first_name: 'Di', last_name: 'Ox' });
      const res = await invite({ provider_id: p.provider_id, message: 'x'.repeat(301) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, type: 'errors/too_many_characters', instance: '/api/v1/users/invite' });
      expect((await invite({ provider_id: p.provider_id, message: 'x'.repeat(300) })).status).toBe(200);
    });

    it('rejects unknown recipients (422 invalid_recipient) and connections (422 already_connected)', async () => {
      expect((await invite({ provider_id: 'ACoAAnobody' })).body).toMatchObject({ status: 422, type: 'errors/invalid_recipient' });
      const p = await t.control.createPerson({ first_name: 'Ed', last_name: 'Po' });
      await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
      const res = await invite({ provider_id: p.provider_id });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ type: 'errors/already_connected' });
    });

    it('answers already_invited_recently while pending and for 21 days after a withdrawal', async () => {
      const p = await t.control.createPerson({ first_name: 'Fa', last_name: 'Qi' });
      const first = await invite({ provider_id: p.provider_id });
      const again = await invite({ provider_id: p.provider_id });
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ type: 'errors/already_invited_recently', title: 'Should delay new invitation to this recipient' });

      const withdrawn = await t.api('DELETE', `/users/invite/sent/${first.body.invitation_id}?account_id=${accountId}`);
      expect(withdrawn.body).toEqual({ object: 'InvitationCanceled' });
      expect((await invite({ provider_id: p.provider_id })).body.type).toBe('errors/already_invited_recently');
      expect((await t.control.sent(accountId)).withdrawals).toEqual([expect.objectContaining({ invitation_id: first.body.invitation_id })]);

      await t.control.advanceClock(21 * 86_400_000 + 1_000);
      expect((await invite({ provider_id: p.provider_id })).status).toBe(200);
    });

    it('answers cannot_resend_yet once the weekly quota is used', async () => {
      const small = await t.control.createAccount({ name: 'Quota Small', weekly_invite_quota: 2 });
      const people = await Promise.all([1, 2, 3].map((i) => t.control.createPerson({ first_name: `Q${i}`, last_name: 'Person' })));
      const send = (i: number) => t.api('POST', '/users/invite', { json: { account_id: small.id, provider_id: people[i]?.provider_id } });
      expect((await send(0)).status).toBe(200);
      const second = await send(1);
      expect(second.body).toMatchObject({ object: 'UserInvitationSent', usage: 100 });
      const third = await send(2);
      expect(third.status).toBe(422);
      expect(third.body).toMatchObject({
        type: 'errors/cannot_resend_yet',
        detail: 'You have reached a temporary provider limit. Please try again later.',
      });
    });

    it('answers 401 disconnected_account when the account is not OK', async () => {
      const p = await t.control.createPerson({ first_name: 'Gil', last_name: 'Ra' });
      await t.control.setAccountStatus(accountId, 'CREDENTIALS');
      const res = await invite({ provider_id: p.provider_id });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('errors/disconnected_account');
    });
  });

  describe('lists', () => {
    it('lists sent invitations with human date text and pages them with opaque cursors', async () => {
      const people = await Promise.all(
        [1, 2, 3].map((i) => t.control.createPerson({ first_name: `Inv${i}`, last_name: 'Tee', headline: 'VP Sales' })),
      );
      for (const p of people) await t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: p.provider_id } });
      const first = await t.api('GET', `/users/invite/sent?account_id=${accountId}&limit=2`);
      expect(first.body.object).toBe('InvitationList');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0]).toMatchObject({
        object: 'InvitationSent',
        date: 'Sent today',
        invitation_text: null,
        invited_user: 'Inv3 Tee',
        invited_user_id: people[2]?.provider_id,
        invited_user_description: 'VP Sales',
      });
      expect(typeof first.body.cursor).toBe('string');
      const second = await t.api('GET', `/users/invite/sent?cursor=${encodeURIComponent(first.body.cursor)}`);
      expect(second.body.items.map((i: { invited_user: string }) => i.invited_user)).toEqual(['Inv1 Tee']);
      expect(second.body.cursor).toBeNull();
    });

    it('lists relations newest first with unix-ms created_at and fsd_profile urns', async () => {
      const people = await Promise.all([1, 2, 3].map((i) => t.control.createPerson({ first_name: `Rel${i}`, last_name: 'Ation' })));
      for (const p of people) {
        await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
        await t.control.advanceClock(1_000);
      }
      const page1 = await t.api('GET', `/users/relations?account_id=${accountId}&limit=2`);
      expect(page1.body.object).toBe('UserRelationsList');
      expect(page1.body.items[0]).toMatchObject({
        object: 'UserRelation',
        first_name: 'Rel3',
        member_id: people[2]?.provider_id,
        member_urn: `urn:li:fsd_profile:${people[2]?.provider_id}`,
        public_profile_url: `https://www.linkedin.com/in/${people[2]?.public_identifier}/`,
      });
      expect(typeof page1.body.items[0].created_at).toBe('number');
      const page2 = await t.api('GET', `/users/relations?cursor=${encodeURIComponent(page1.body.cursor)}`);
      expect(page2.body.items.map((r: { first_name: string }) => r.first_name)).toEqual(['Rel1']);
      expect(page2.body.cursor).toBeNull();
    });

    it('rejects limits out of range, bad cursors and datetimes without milliseconds', async () => {
      for (const path of [
        `/users/invite/sent?account_id=${accountId}&limit=101`,
        `/users/relations?account_id=${accountId}&limit=0`,
        `/chats?account_id=${accountId}&limit=251`,
        `/chats?cursor=not-a-cursor!`,
        `/messages?after=2026-07-01T00:00:00Z`,
        `/chats?before=2026-07-01`,
      ]) {
        const res = await t.api('GET', path);
        expect({ path, status: res.status, type: res.body.type }).toEqual({ path, status: 400, type: 'errors/invalid_parameters' });
      }
      expect((await t.api('GET', '/messages?after=2026-07-01T00:00:00.000Z')).status).toBe(200);
    });
  });
});
