// Secrets are replaced before anything leaves the machine (on by default; --no-redact turns it off). The
// patterns are listed in the README; each match becomes `[REDACTED:<kind>]`, so a reader sees that something
// was there and what it was, and the same input always gives the same output (resends stay identical).

export interface SecretPattern {
  kind: string;
  pattern: RegExp;
  /** Which capture group holds the secret (0 = the whole match). */
  group?: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: "private_key",
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/g,
  },
  { kind: "anthropic_key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: "openai_key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: "github_token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { kind: "gitlab_token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: "slack_token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: "stripe_key", pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: "google_api_key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: "aws_access_key_id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { kind: "huggingface_token", pattern: /\bhf_[A-Za-z0-9]{30,}/g },
  { kind: "npm_token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: "catsyphon_key", pattern: /\bcs_(?:live|test|dev)_[A-Za-z0-9]{32}\b/g },
  { kind: "catsyphon_api_token", pattern: /\bcsa_[A-Za-z0-9]{40}\b/g },
  { kind: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: "bearer_token", pattern: /\b(Bearer\s+)([A-Za-z0-9._~+/=-]{16,})/gi, group: 2 },
  {
    // .env-style assignments of upper-case names: AWS_SECRET_ACCESS_KEY=..., OPENAI_API_KEY: "...",
    // export GITHUB_TOKEN=..., DB_PASSWORD=... (lower-case names are code, e.g. `apiKey: string`, and are left).
    kind: "secret_assignment",
    pattern:
      /\b([A-Z0-9_]*(?:_KEY|_SECRET|_TOKEN|PASSWORD|_PASSWD|_PWD|APIKEY)\b["']?\s*[:=]\s*["']?)([^\s"'`,;]{6,})/g,
    group: 2,
  },
];

function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** The text with every secret the patterns find replaced by a marker. */
export function redactText(text: string): string {
  let result = text;
  for (const { kind, pattern, group = 0 } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    if (!pattern.test(result)) continue;
    pattern.lastIndex = 0;
    result = result.replace(pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      if (group === 0) return marker(kind);
      const secret = args[group] as string | undefined;
      if (secret === undefined || secret.startsWith("[REDACTED:")) return match;
      const prefix = (args[1] as string | undefined) ?? "";
      return group === 2 ? `${prefix}${marker(kind)}` : marker(kind);
    });
  }
  return result;
}

/** A JSON value with every string (and every object key's value) redacted; other values unchanged. */
export function redactJson<T>(value: T): T {
  if (typeof value === "string") return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactJson(item)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Assigning `__proto__` would set the copy's prototype and drop the (JSON.parse-made) own property.
      if (key === "__proto__") {
        Object.defineProperty(out, key, {
          value: redactJson(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[key] = redactJson(item);
    }
    return out as T;
  }
  return value;
}
