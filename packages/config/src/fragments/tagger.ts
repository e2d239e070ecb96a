import { z } from "zod";
import { envShape, int, port, text, url } from "../fields";

/** A non-negative decimal such as a price (rejects "abc", "-1", "1e3"). */
const decimal = () =>
  z
    .string()
    .regex(/^\d+(?:\.\d+)?$/, { error: "must be a non-negative decimal number" })
    .transform(Number);

export const taggerFragment = envShape({
  // Optional because local OpenAI-compatible servers often need no key.
  OPENAI_API_KEY: text().optional(),
  // Any OpenAI-compatible endpoint (e.g. a local model server); unset means api.openai.com.
  OPENAI_BASE_URL: url(["http", "https"]).optional(),
  TAGGER_MODEL: text().default("gpt-4o-mini"),
  TAGGER_CONCURRENCY: int(1, 64).default(2),
  TAGGER_HEALTH_PORT: port().default(8002),
  // The compacted transcript sent to the LLM is at most this long, whatever the session's size.
  TAGGER_MAX_INPUT_CHARS: int(2_000, 1_000_000).default(24_000),
  // Bound of the LLM's answer.
  TAGGER_MAX_OUTPUT_TOKENS: int(100, 32_000).default(1_000),
  // Sessions with fewer messages than this get rule tags only (no LLM call).
  TAGGER_MIN_MESSAGES: int(0, 100_000).default(4),
  // One LLM request (each attempt) is abandoned after this long.
  TAGGER_TIMEOUT_MS: int(100, 600_000).default(60_000),
  // Retries of a 429, 5xx, timeout or connection error inside one job (honouring Retry-After up to 60 s).
  TAGGER_MAX_RETRIES: int(0, 10).default(2),
  // After an authentication or quota error, a workspace's LLM tagging pauses this long, then resumes on its own.
  TAGGER_PAUSE_MINUTES: int(1, 7 * 24 * 60).default(30),
  // How long a cached LLM answer is reused for unchanged content.
  TAGGER_CACHE_TTL_DAYS: int(1, 365).default(30),
  // USD per million input and output tokens of TAGGER_MODEL, for analysis_runs.cost_usd; unset uses the
  // built-in prices of a few OpenAI models, else leaves the cost empty.
  TAGGER_PRICE_INPUT_PER_MTOK: decimal().optional(),
  TAGGER_PRICE_OUTPUT_PER_MTOK: decimal().optional(),
});
