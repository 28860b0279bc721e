export * from './enums';
export * from './tenants';
export * from './accounts';
export * from './campaigns';
export * from './activity';
export * from './webhooks';
export * from './outbound';
export * from './automation';
