import { redact } from './redact';
import { redactText } from './redact-text';

describe('redact', () => {
  it('masks secret-looking keys at any depth and keeps the rest', () => {
    const out = redact({ user: 'a', headers: { 'Unipile-Auth': 's3cret', authorization: 'Bearer x' }, list: [{ apiKey: 'k' }] });
    expect(out).toEqual({
      user: 'a',
      headers: { 'Unipile-Auth': '[redacted]', authorization: '[redacted]' },
      list: [{ apiKey: '[redacted]' }],
    });
  });

  it('turns an error at any depth into a plain object', () => {
    expect(redact({ outer: { err: new TypeError('bad') } })).toEqual({
      outer: { err: expect.objectContaining({ name: 'TypeError', message: 'bad' }) },
    });
  });
});

describe('redactText', () => {
  it('hides the parameters drizzle appends to a failed query', () => {
    expect(redactText('Failed query: select 1 where a = $1\nparams: hunter2,x')).toBe(
      'Failed query: select 1 where a = $1\nparams: [redacted]',
    );
  });

  it('hides URL credentials, bearer tokens and secret key=value pairs', () => {
    expect(redactText('connect postgres://app:pa55@db:5432/x failed')).toBe('connect postgres://app:[redacted]@db:5432/x failed');
    expect(redactText('sent Authorization: Bearer abc.def-ghi')).toBe('sent Authorization: [redacted] [redacted]');
    expect(redactText('retry with Bearer abc.def')).toBe('retry with Bearer [redacted]');
    expect(redactText('url ?api_key=k123&x=1 and "password":"p"')).toBe('url ?api_key=[redacted]&x=1 and "password":"[redacted]"');
  });

  it('keeps ordinary text and cuts very long text', () => {
    expect(redactText('relation "leads" does not exist')).toBe('relation "leads" does not exist');
    const long = redactText('x'.repeat(20_000));
    expect(long.length).toBeLessThan(8100);
    expect(long).toMatch(/… \[12000 more characters\]$/);
  });
});
