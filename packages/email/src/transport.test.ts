import { createEmailTransport, toDeliveryError } from './transport';

describe('toDeliveryError', () => {
  it.each([
    [{ name: 'rate_limit_exceeded', statusCode: 429, message: 'Too many requests' }, true, 429, 'rate_limit_exceeded'],
    [{ name: 'internal_server_error', statusCode: 500, message: 'boom' }, true, 500, 'internal_server_error'],
    [{ name: 'application_error', statusCode: 503, message: 'unavailable' }, true, 503, 'application_error'],
    [{ name: 'application_error', statusCode: null, message: 'Unable to fetch data.' }, true, 0, 'network_error'],
    [{ name: 'validation_error', statusCode: 422, message: 'Invalid `to` field.' }, false, 422, 'validation_error'],
    [{ name: 'invalid_api_key', statusCode: 403, message: 'API key is invalid' }, false, 403, 'invalid_api_key'],
  ] as const)('%j → retryable %s', (error, retryable, status, code) => {
    const mapped = toDeliveryError(error);
    expect(mapped).toMatchObject({ retryable, status, code, message: error.message });
  });

  it('infers the status from the name when the body has none', () => {
    expect(toDeliveryError({ name: 'validation_error', message: 'bad' })).toMatchObject({ status: 422, retryable: false });
  });
});

describe('createEmailTransport', () => {
  it('is the outbox without an API key', async () => {
    const transport = createEmailTransport({ from: 'a@b.example' });
    expect(transport.name).toBe('outbox');
    await expect(
      transport.deliver({
        clientId: null,
        kind: 'reply_notification',
        dedupeKey: 'k',
        to: ['x@y.example'],
        subject: 's',
        html: 'h',
        text: 't',
      }),
    ).resolves.toEqual({ providerMessageId: null });
  });

  it('is Resend with an API key', () => {
    expect(createEmailTransport({ apiKey: 're_123', from: 'a@b.example' }).name).toBe('resend');
  });
});
