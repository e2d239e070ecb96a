export const CENSOR = "[redacted]";

// Key names whose values are credentials wherever they appear in a log object. Each key costs about 3 us per line
// (four wildcard paths), so the list stays short; header names with dashes are covered by HEADER_PATHS.
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "password",
  "api_key",
  "apiKey",
  "token",
  "access_token",
  "refresh_token",
  "secret",
  "admin_token",
];

// The HTTP headers carrying credentials, as pino-http serializes requests and responses.
const HEADER_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * pino `redact.paths`: the credential headers, plus each secret key at the top level and up to three levels deep
 * (pino wildcards match exactly one level, so each depth is listed).
 */
export const redactPaths: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

// Applied to whole JSON log lines too, so a pattern may never consume a lone `"` or `\`: the line must stay valid JSON.
const STRING_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization header values; 8+ characters so prose such as "Bearer token missing" stays readable.
  [/\b(Bearer|Basic)\s+[^\s"'\\,;]{8,}/gi, `$1 ${CENSOR}`],
  // Collector keys cs_<env>_<random>: the env part stays, it helps debugging and is not secret.
  [/\b(cs_[a-z]+_)[A-Za-z0-9_-]{16,}/g, `$1${CENSOR}`],
  // Workspace API tokens csa_<random>.
  [/\b(csa_)[A-Za-z0-9]{16,}/g, `$1${CENSOR}`],
  // scheme://user:password@host -- the password runs to the last "@" of the authority, as WHATWG URL parsing does;
  // JSON escapes (\" or \\) are taken whole so a password containing a quote is still covered.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"\\]*:)(?:[^\s/?#"\\]|\\.)*@/gi, `$1${CENSOR}@`],
];

/**
 * Masks credentials inside free text (error messages, stack traces): bearer tokens, collector keys, API tokens, URL
 * passwords.
 */
export function redactSecretsInString(text: string): string {
  return STRING_PATTERNS.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}
