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

export function signAccessToken(config: TokenConfig, claims: TokenClaims): string {
  return jwt.sign(claims, config.secret, {
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
export function verifyAccessToken(config: TokenConfig, token: string): TokenClaims | null {
  try {
    const decoded = jwt.verify(token, config.secret, { algorithms: ['HS256'], issuer: config.issuer, audience: config.audience });
    const claims = claimsSchema.safeParse(decoded);
    return claims.success ? claims.data : null;
  } catch {
    return null;
  }
}
