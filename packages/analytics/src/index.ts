export { rate, rateWithInterval, wilsonInterval, type Rate, type RateWithInterval } from './rate';
export { percentile, median } from './percentile';
export {
  localBuckets,
  bucketIndexOf,
  localDateRange,
  localDayStart,
  localDateOf,
  addLocalDays,
  isLocalDate,
  isTimeZone,
  resolveWindow,
  ROLLUP_SLOT_MINUTES,
  type Bucket,
  type Interval,
  type InstantRange,
  type WindowQuery,
} from './buckets';
export {
  REPLY_EVENT,
  INVITE_EVENT,
  ACCEPT_EVENT,
  MESSAGE_EVENT,
  MANUAL_STEP,
  acceptanceRate,
  replyRate,
  replyDelayStats,
  type ReplyDelayStats,
} from './definitions';
export {
  INBOX_ORIGIN,
  firstResponses,
  inboxResponseStats,
  type InboxTouch,
  type FirstResponse,
  type InboxResponseStats,
} from './inbox-response';
