import jwt from 'jsonwebtoken';
import { z } from 'zod';

export interface TokenConfig {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const claimsSchema = z.object({
  sub: z.string().uuid(),
  role: z.enum(['admin', 'agent', 'viewer']),
  client_id: z.string().uuid().nullable(),
});
export type TokenClaims = z.infer<typeof claimsSchema>;
/** Verified claims with the issue time in milliseconds, for `tokens_valid_after`. */
export type VerifiedClaims = TokenClaims & { issuedAtMs: number };

/**
 * `iat` in fractional seconds (a JWT NumericDate may be fractional): a token issued in the same
 * second as, but after, a logout or password change must stay valid, one issued before must not.
 */
const issuedAtNow = (): number => Date.now() / 1000;

/** Bull Board's own session: another audience (so it is no API token) and a short life. */
export const BOARD_SESSION_TTL_SECONDS = 15 * 60;
const boardAudience = (config: TokenConfig) => `${config.audience}:bull-board`;

/** A token that opens Bull Board only, for the admin-session cookie. */
export function signBoardSession(config: TokenConfig, userId: string): string {
  return jwt.sign({ sub: userId, iat: issuedAtNow() }, config.secret, {
    algorithm: 'HS256',
    expiresIn: BOARD_SESSION_TTL_SECONDS,
    issuer: config.issuer,
    audience: boardAudience(config),
  });
}

/** The user and issue time of a valid Bull Board session token, or null. */
export function verifyBoardSession(config: TokenConfig, token: string): { sub: string; issuedAtMs: number } | null {
  try {
    const decoded = jwt.verify(token, config.secret, { algorithms: ['HS256'], issuer: config.issuer, audience: boardAudience(config) }) as {
      sub?: unknown;
      iat?: unknown;
    };
    if (typeof decoded.sub !== 'string' || typeof decoded.iat !== 'number') return null;
    return { sub: decoded.sub, issuedAtMs: Math.round(decoded.iat * 1000) };
  } catch {
    return null;
  }
}

export function signAccessToken(config: TokenConfig, claims: TokenClaims): string {
  return jwt.sign({ ...claims, iat: issuedAtNow() }, config.secret, {
    algorithm: 'HS256',
    expiresIn: config.ttlSeconds,
    issuer: config.issuer,
    audience: config.audience,
  });
}

/**
 * Verifies a bearer token. The algorithm is pinned to HS256: a token declaring `none` or any other
 * algorithm is refused, as are wrong issuers, audiences and expired tokens. Returns null on any failure.
 */
export function verifyAccessToken(config: TokenConfig, token: string): VerifiedClaims | null {
  try {
    const decoded = jwt.verify(token, config.secret, { algorithms: ['HS256'], issuer: config.issuer, audience: config.audience }) as {
      iat?: unknown;
    };
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success || typeof decoded.iat !== 'number') return null;
    return { ...claims.data, issuedAtMs: Math.round(decoded.iat * 1000) };
  } catch {
    return null;
  }
}
