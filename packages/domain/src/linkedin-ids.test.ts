import { normalizeProfileUrl, normalizePublicIdentifier, parseMemberUrn, refFromProfileUrl } from './linkedin-ids';

describe('parseMemberUrn', () => {
  it.each([
    ['424854212', { memberId: '424854212' }],
    ['urn:li:member:424854212', { memberId: '424854212' }],
    ['urn:li:fsd_profile:ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo', { providerId: 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo' }],
    ['ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo', { providerId: 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo' }],
    ['garbage', {}],
    [null, {}],
  ])('reads %s', (raw, expected) => {
    expect(parseMemberUrn(raw)).toEqual(expected);
  });
});

describe('profile URLs', () => {
  it('strips query strings that once resolved to the wrong person', () => {
    expect(normalizeProfileUrl('https://www.linkedin.com/in/Irish-Maguad/?miniProfileUrn=urn%3Ali%3Afs')).toBe(
      'https://www.linkedin.com/in/irish-maguad',
    );
  });
  it('accepts URLs without scheme or www', () => {
    expect(normalizePublicIdentifier('linkedin.com/in/jane-doe')).toBe('jane-doe');
  });
  it('tells provider ids in attendee URLs from vanity slugs', () => {
    expect(refFromProfileUrl('https://www.linkedin.com/in/ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo')).toEqual({
      providerId: 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo',
    });
    expect(refFromProfileUrl('https://www.linkedin.com/in/jules-martin/')).toEqual({ publicIdentifier: 'jules-martin' });
  });
  it('rejects non-LinkedIn URLs and slugs with spaces', () => {
    expect(normalizeProfileUrl('https://example.com/in/jane')).toBeNull();
    expect(normalizePublicIdentifier('jane doe')).toBeNull();
  });
});

describe('hostile input', () => {
  /** Elapsed milliseconds of one call: the bound is generous (a quadratic trim took ~25 s here). */
  const timed = (fn: () => unknown): number => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  it('normalises a 100,000-slash identifier in linear time', () => {
    const hostile = `x${'/'.repeat(100_000)}a`;
    expect(timed(() => expect(normalizePublicIdentifier(hostile)).toBeNull())).toBeLessThan(1000);
    expect(timed(() => normalizePublicIdentifier(`${'/'.repeat(100_000)}x`))).toBeLessThan(1000);
  });
  it('still trims leading and trailing slashes', () => {
    expect(normalizePublicIdentifier('//Jane-Doe//')).toBe('jane-doe');
    expect(normalizePublicIdentifier('///')).toBeNull();
  });
});
