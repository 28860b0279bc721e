export * from './deliveries';
export * from './accounts';
export * from './leads';
export * from './events';
export * from './messages';
export * from './outbound';
