import { endpointTemplate } from './http';

describe('endpointTemplate', () => {
  it('keeps the fixed words of a path and replaces every id, so the metric label stays bounded', () => {
    expect(endpointTemplate('/users/invite')).toBe('/users/invite');
    expect(endpointTemplate('/users/ACoAAB123')).toBe('/users/:id');
    expect(endpointTemplate('/users/invite/sent/inv-9')).toBe('/users/invite/sent/:id');
    expect(endpointTemplate('/chats/chat%2F1/messages')).toBe('/chats/:id/messages');
    expect(endpointTemplate('/accounts/acc-1')).toBe('/accounts/:id');
    expect(endpointTemplate('/hosted/accounts/link')).toBe('/hosted/accounts/link');
  });
});
