import type { Request } from 'express';
import type { Db } from '@outreach/db';
import type { AuthContext } from './context';
import { hashApiKey } from './api-keys';
import { findActiveUser, findUsableApiKey } from './store';
import { verifyAccessToken, type TokenConfig } from './tokens';

/**
 * Reads a bearer JWT or an `X-API-Key`. Users are re-read on each request so that a disabled user
 * or a changed role takes effect at once rather than when the token expires.
 */
export function createAuthenticator(db: Db, tokens: TokenConfig) {
  return async function authenticate(req: Request): Promise<AuthContext | null> {
    const header = req.get('authorization');
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      return match?.[1] ? authenticateToken(db, tokens, match[1].trim()) : null;
    }
    const key = req.get('x-api-key');
    if (key) {
      const row = await findUsableApiKey(db, hashApiKey(key));
      if (!row) return null;
      // An integration acts for its client with an agent's rights: read and write, never admin.
      return { kind: 'api_key', role: 'agent', clientId: row.clientId, userId: null };
    }
    return null;
  };
}

/** An access token's caller: a valid token of a user who still exists and is not disabled. */
export async function authenticateToken(db: Db, tokens: TokenConfig, token: string): Promise<AuthContext | null> {
  const claims = verifyAccessToken(tokens, token);
  return claims ? authenticateUser(db, claims.sub, claims.issuedAtMs) : null;
}

/**
 * The user behind a token issued at `issuedAtMs`: it must exist, not be disabled, and the token
 * must postdate the user's `tokens_valid_after` (logout, password or role change).
 */
export async function authenticateUser(db: Db, userId: string, issuedAtMs: number): Promise<AuthContext | null> {
  const user = await findActiveUser(db, userId);
  if (!user) return null;
  if (user.tokensValidAfter && issuedAtMs < user.tokensValidAfter.getTime()) return null;
  return { kind: 'user', role: user.role, clientId: user.clientId, userId: user.id };
}
