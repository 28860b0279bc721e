/** Longest message or stack kept; a query with thousands of parameters must not make a megabyte line. */
export const MAX_TEXT = 8000;

const RULES: Array<[RegExp, string]> = [
  // drizzle: `Failed query: <sql>\nparams: <values>` — the values are user data and may be secrets.
  [/^params: .*$/gm, 'params: [redacted]'],
  // Credentials inside a URL (postgres://user:password@host, https://user:token@host).
  [/\b([a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/@]{0,200}:)[^\s@/]{1,500}@/gi, '$1[redacted]@'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{1,2000}/gi, '$1 [redacted]'],
  // key=value, key: value, "key":"value" for secret-looking keys.
  [
    /\b((?:secret|password|passwd|api[-_]?key|token|authorization|cookie|unipile-auth)[\w-]{0,40})(["']?\s{0,3}[:=]\s{0,3}["']?)[^\s"',;&]{1,2000}/gi,
    '$1$2[redacted]',
  ],
];

/**
 * Masks secrets inside free text (error messages and stacks): SQL parameters drizzle appends to a
 * failed query, URL credentials, bearer tokens and `key=value` pairs whose key looks secret. The
 * text is cut to MAX_TEXT first, so every pattern runs over bounded input.
 */
export function redactText(text: string): string {
  let out = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… [${text.length - MAX_TEXT} more characters]` : text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
