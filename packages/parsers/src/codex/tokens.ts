// Codex token_count events: turning per-turn or cumulative OpenAI counters into one response's token_usage.
import { type JsonObject } from "./limits";
import { type CodexTokenUsage } from "./schemas";
import { type TokenCounts } from "./state";

function count(value: number | null | undefined): number {
  return value === null || value === undefined ? 0 : Math.round(value);
}

export function countsOf(usage: CodexTokenUsage): TokenCounts {
  return {
    input: count(usage.input_tokens),
    cached: count(usage.cached_input_tokens),
    cacheWrite: count(usage.cache_write_input_tokens),
    output: count(usage.output_tokens),
    reasoning: count(usage.reasoning_output_tokens),
    total: count(usage.total_tokens),
  };
}

const KEYS = ["input", "cached", "cacheWrite", "output", "reasoning", "total"] as const;

export function sameCounts(a: TokenCounts, b: TokenCounts): boolean {
  return KEYS.every((key) => a[key] === b[key]);
}

export function isZero(counts: TokenCounts): boolean {
  return KEYS.every((key) => counts[key] === 0);
}

/** What a cumulative reading adds to the previous one; a counter that went down was reset, so it counts whole. */
export function difference(total: TokenCounts, previous: TokenCounts | null): TokenCounts {
  if (previous === null || KEYS.some((key) => total[key] < previous[key])) return total;
  return {
    input: total.input - previous.input,
    cached: total.cached - previous.cached,
    cacheWrite: total.cacheWrite - previous.cacheWrite,
    output: total.output - previous.output,
    reasoning: total.reasoning - previous.reasoning,
    total: total.total - previous.total,
  };
}

/**
 * The protocol's token_usage. OpenAI's input count includes cached (and cache-written) input, the protocol's does
 * not; output already includes reasoning, which is kept as an extra key for reference only.
 */
export function tokenUsage(counts: TokenCounts): JsonObject {
  return {
    input_tokens: Math.max(0, counts.input - counts.cached - counts.cacheWrite),
    output_tokens: counts.output,
    cache_read_tokens: counts.cached,
    cache_creation_tokens: counts.cacheWrite,
    reasoning_output_tokens: counts.reasoning,
  };
}
