import { randomUUID } from 'node:crypto';

/** A BullMQ prefix of its own per test file, so parallel test files never see each other's jobs; hash-tagged like the production default (`{outreach}`). */
export const uniquePrefix = (): string => `{test-${randomUUID().slice(0, 12)}}`;
