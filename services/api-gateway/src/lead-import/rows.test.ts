import { normaliseLeadRow, type RawLeadRow } from './rows';

const row = (overrides: Partial<RawLeadRow>): RawLeadRow => ({
  line: 2,
  first_name: 'Ana',
  last_name: 'Silva',
  custom_fields: {},
  ...overrides,
});

describe('normaliseLeadRow', () => {
  it('strips the query string from a profile URL and lower-cases the slug', () => {
    const result = normaliseLeadRow(
      row({ profile_url: 'https://www.linkedin.com/in/Ana-Silva/?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAB' }),
    );
    expect(result).toEqual({
      lead: expect.objectContaining({
        profileUrl: 'https://www.linkedin.com/in/ana-silva',
        publicIdentifier: 'ana-silva',
        providerId: null,
      }),
    });
  });

  it('keeps a provider id (from a URL or given as identifier) with its case', () => {
    const id = 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo';
    expect(normaliseLeadRow(row({ profile_url: `linkedin.com/in/${id}` }))).toEqual({
      lead: expect.objectContaining({ providerId: id, publicIdentifier: null }),
    });
    expect(normaliseLeadRow(row({ public_identifier: id }))).toEqual({
      lead: expect.objectContaining({ providerId: id, profileUrl: `https://www.linkedin.com/in/${id}` }),
    });
  });

  it('builds the profile URL from a public identifier alone', () => {
    expect(normaliseLeadRow(row({ public_identifier: ' Jules-Martin ' }))).toEqual({
      lead: expect.objectContaining({ publicIdentifier: 'jules-martin', profileUrl: 'https://www.linkedin.com/in/jules-martin' }),
    });
  });

  it('names every problem of a row at once', () => {
    const result = normaliseLeadRow(row({ first_name: ' ', profile_url: 'https://example.com/in/ana' }));
    expect(result).toEqual({
      invalid: {
        line: 2,
        reason: expect.stringMatching(/first_name is missing; profile_url "https:\/\/example.com\/in\/ana" is not a LinkedIn profile URL/),
      },
    });
  });

  it('refuses a row without identifiers, and one whose URL and identifier disagree', () => {
    expect(normaliseLeadRow(row({}))).toEqual({ invalid: { line: 2, reason: 'profile_url or public_identifier is required' } });
    expect(normaliseLeadRow(row({ profile_url: 'linkedin.com/in/ana', public_identifier: 'bo' }))).toEqual({
      invalid: { line: 2, reason: 'profile_url and public_identifier name different people' },
    });
  });

  it('refuses a public identifier with spaces and over-long values', () => {
    const result = normaliseLeadRow(row({ public_identifier: 'ana silva', company: 'x'.repeat(201) }));
    expect('invalid' in result && result.invalid.reason).toBe(
      'company is longer than 200 characters; public_identifier "ana silva" is not a LinkedIn public identifier',
    );
  });

  it('refuses an overlong profile URL or identifier without quoting it', () => {
    const result = normaliseLeadRow(
      row({ profile_url: `https://www.linkedin.com/in/${'a'.repeat(600)}`, public_identifier: 'b'.repeat(300) }),
    );
    expect(result).toEqual({
      invalid: { line: 2, reason: 'profile_url is longer than 500 characters; public_identifier is longer than 200 characters' },
    });
  });
});
