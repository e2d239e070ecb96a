// Retry timing: exponential backoff with full jitter (so many collectors failing at once do not retry in
// lockstep), never shorter than what the server asked for with Retry-After.

export interface RetryPolicy {
  /** Attempts in total, the first included; 1 means no retries. */
  maxAttempts: number;
  /** Cap of the backoff before the first retry; it doubles with each attempt. */
  baseDelayMs: number;
  /** Upper bound of the backoff (a Retry-After from the server may ask for longer and is honoured). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * Full-jitter backoff after the 1-based `attempt` failed: uniform in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))].
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The wait before retrying: the jittered backoff, but at least the server's Retry-After. */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  return Math.max(retryAfterMs ?? 0, backoffDelay(policy, attempt, random));
}

/**
 * Parses a Retry-After header (RFC 9110: delay-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined for a missing or unreadable value; a date in the past gives 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Only try dates that look like dates: Date.parse("5") would read a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
