export { testDatabaseUrl, testRedisUrl } from './env';
