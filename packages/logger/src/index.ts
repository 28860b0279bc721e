export { createLogger, type Logger, type LoggerOptions } from './create-logger';
export { redact, isSecretKey } from './redact';
export { redactText } from './redact-text';
export { serializeError } from './serialize-error';
export { createCapturingLogger, type CapturedEntry } from './capture';
