import { classifyDelivery, deriveDeliveryKey } from './classify';

describe('classifyDelivery', () => {
  it.each([
    [{ AccountStatus: { account_id: 'a', message: 'OK' } }, 'account_status'],
    [{ event: 'new_relation', account_id: 'a' }, 'users'],
    [{ event: 'message_received', account_id: 'a' }, 'messaging'],
    [{ event: 'message_reaction', account_id: 'a' }, 'messaging'],
    [{ event: 'something_new' }, 'unknown'],
    [[1, 2], 'unknown'],
    ['text', 'unknown'],
  ])('%j → %s', (body, kind) => {
    expect(classifyDelivery(body)).toBe(kind);
  });
});

describe('deriveDeliveryKey', () => {
  it('keys message_received on event, account and message id only', () => {
    const a = deriveDeliveryKey('messaging', { event: 'message_received', account_id: 'acc', message_id: 'm1', timestamp: '1' });
    const b = deriveDeliveryKey('messaging', { event: 'message_received', account_id: 'acc', message_id: 'm1', timestamp: '2' });
    expect(a).toBe('message_received:acc:m1');
    expect(b).toBe(a);
  });
  it('tells two reactions on one message apart', () => {
    const base = { event: 'message_reaction', account_id: 'acc', message_id: 'm1', timestamp: 't' };
    expect(deriveDeliveryKey('messaging', { ...base, reaction: '👍' })).not.toBe(
      deriveDeliveryKey('messaging', { ...base, reaction: '❤️' }),
    );
  });
  it('keys a relation on account and user', () => {
    expect(deriveDeliveryKey('users', { event: 'new_relation', account_id: 'acc', user_provider_id: 'ACoA1' })).toBe(
      'new_relation:acc:ACoA1',
    );
  });
  it('never dedupes account status deliveries', () => {
    const body = { AccountStatus: { account_id: 'acc', message: 'OK' } };
    expect(deriveDeliveryKey('account_status', body)).not.toBe(deriveDeliveryKey('account_status', body));
  });
  it('stores a retried unknown delivery once', () => {
    expect(deriveDeliveryKey('unknown', { x: 1 })).toBe(deriveDeliveryKey('unknown', { x: 1 }));
  });
});
