import { Webhook } from 'standardwebhooks';
import { signWebhook, webhookHeaders } from './webhook';

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('produces headers the reference library verifies, and that fail with another secret or body', () => {
    const secret = `whsec_${Buffer.from('a very secret key of 32 bytes!!!').toString('base64')}`;
    const body = JSON.stringify({ type: 'message_received', timestamp: '2026-03-03T13:05:00.000Z', data: { event_id: 1 } });
    const headers = webhookHeaders(secret, 'b7c1a3a0-1111-4222-8333-944445555666', new Date(), body);
    expect(headers['webhook-id']).toBe('b7c1a3a0-1111-4222-8333-944445555666');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(`whsec_${Buffer.from('another key').toString('base64')}`).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('1', '2'), headers)).toThrow();
  });

  it('signs with the attempt time in unix seconds', () => {
    const headers = webhookHeaders('whsec_c2VjcmV0', 'id', new Date('2026-03-03T13:05:00.900Z'), '{}');
    expect(headers['webhook-timestamp']).toBe(String(Date.UTC(2026, 2, 3, 13, 5) / 1000));
  });
});
