/** Where Unipile calls go: the configured DSN, or the local sandbox when none is configured. */
export interface UnipileTarget {
  dsn: string;
  apiKey: string;
  isSandbox: boolean;
}

/** The sandbox's API key when no DSN is configured; the real one is required with a DSN. */
export const SANDBOX_API_KEY = 'sandbox-key';

export function resolveUnipileTarget(env: { UNIPILE_DSN?: string; UNIPILE_API_KEY?: string; SANDBOX_PORT: number }): UnipileTarget {
  if (env.UNIPILE_DSN) {
    if (!env.UNIPILE_API_KEY) throw new Error('UNIPILE_API_KEY is required when UNIPILE_DSN is set');
    return { dsn: env.UNIPILE_DSN, apiKey: env.UNIPILE_API_KEY, isSandbox: false };
  }
  return { dsn: `http://127.0.0.1:${env.SANDBOX_PORT}`, apiKey: env.UNIPILE_API_KEY ?? SANDBOX_API_KEY, isSandbox: true };
}
