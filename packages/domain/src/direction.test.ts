import { decideDirection } from './direction';

describe('decideDirection', () => {
  it.each([
    [{ isSender: false, senderProviderId: 'ME', accountUserId: 'ME' }, 'inbound'],
    [{ isSender: true, senderProviderId: 'THEM', accountUserId: 'ME' }, 'outbound'],
    [{ isSender: null, senderProviderId: 'ME', accountUserId: 'ME' }, 'outbound'],
    [{ isSender: null, senderProviderId: 'THEM', accountUserId: 'ME' }, 'inbound'],
    [{ isSender: null, senderProviderId: 'THEM', accountUserId: null }, 'unknown'],
    [{ isSender: null, senderProviderId: null, accountUserId: 'ME' }, 'unknown'],
  ] as const)('%o → %s', (input, expected) => {
    expect(decideDirection(input)).toBe(expected);
  });
});
