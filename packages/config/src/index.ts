export { loadConfig, ConfigError } from './load';
export {
  baseEnv,
  databaseEnv,
  redisEnv,
  unipileEnv,
  webhookEnv,
  pollingEnv,
  emailEnv,
  notificationsEnv,
  workerOpsEnv,
  metricsEnv,
  METRICS_PORTS,
  type BaseEnv,
} from './schemas';
export { bool } from './types';
export { resolveUnipileTarget, SANDBOX_API_KEY, type UnipileTarget } from './unipile-target';
