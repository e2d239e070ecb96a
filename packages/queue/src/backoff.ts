// Capped exponential backoff with jitter, for retries that have no last attempt: base, 2 x base, 4 x base, ...
// up to the cap, each drawn from its upper half, so batches that failed together (a database outage fails all of
// them at once) do not all come back at the same moment.

export interface CappedBackoff {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (1 after the first failure); between half the step and the step. */
export function cappedBackoffDelay(
  { baseMs, maxMs }: CappedBackoff,
  attempt: number,
  random = Math.random,
): number {
  // 2^30 already exceeds any cap; bounding the exponent keeps the arithmetic finite.
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(step / 2 + random() * (step / 2));
}
