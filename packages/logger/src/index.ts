export { createLogger, type Logger, type LoggerOptions } from './create-logger';
export { redact, isSecretKey } from './redact';
