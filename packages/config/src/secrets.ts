/**
 * Variables whose values must never appear in logs or error messages. The URLs are listed because they may carry a
 * password (postgres://user:password@..., redis://:password@...).
 */
export const secretEnvNames = [
  "DATABASE_URL",
  "DATABASE_READ_URL",
  "REDIS_URL",
  "CATSYPHON_ADMIN_TOKEN",
  "OPENAI_API_KEY",
  "CATSYPHON_API_KEY",
  "CATSYPHON_INIT_ADMIN_PASSWORD",
  "METRICS_TOKEN",
] as const;

export type SecretEnvName = (typeof secretEnvNames)[number];

const secretNames: ReadonlySet<string> = new Set(secretEnvNames);
const urlSecretNames: ReadonlySet<string> = new Set<SecretEnvName>([
  "DATABASE_URL",
  "DATABASE_READ_URL",
  "REDIS_URL",
]);

export const REDACTED = "[redacted]";

export function isSecretEnvName(name: string): boolean {
  return secretNames.has(name);
}

// scheme://user:password@ -- the password runs to the last "@" of the authority, as WHATWG URL parsing does.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]*@/gi;

/**
 * A copy of a loaded env that is safe to log at boot: secret URLs keep everything but their password, other secrets
 * are replaced by "[redacted]".
 */
export function redactEnv<T extends object>(env: T): { [K in keyof T]: unknown } {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      if (!isSecretEnvName(name) || value === undefined) return [name, value];
      if (urlSecretNames.has(name) && typeof value === "string") {
        return [name, value.replace(URL_PASSWORD, `$1${REDACTED}@`)];
      }
      return [name, REDACTED];
    }),
  ) as { [K in keyof T]: unknown };
}
