export { testDatabaseUrl, testRedisUrl } from './env';
export { waitFor } from './wait-for';
export { uniquePrefix } from './queues';
export { fakeProviderId, insertAccount, insertCampaign, insertClient, insertLead, insertTenant } from './builders';
export { attendee, messageReceived, type PersonLike } from './unipile-payloads';
export { startFakeResend, type FakeResend, type ReceivedEmail } from './fake-resend';
export { createFreshDatabase, type FreshDatabase } from './fresh-database';
export {
  createTestInfrastructure,
  type HarnessInfrastructure,
  type TestInfrastructure,
  type TestInfrastructureOptions,
} from './infrastructure';
export { insertConversation, insertInboxMessage } from './inbox-builders';
export { startLocalRedisCluster, type LocalRedisCluster } from './redis-cluster';
