import { type TaggerEnv } from "@catsyphon/config";

import { createLlmClient } from "./llm/client";
import { modelPrice } from "./llm/pricing";
import { type TaggingSettings } from "./tag-conversation";

/** Tagging settings from the env; the LLM is on when a base URL or a key is configured. */
export function taggingSettingsOf(env: TaggerEnv): TaggingSettings {
  const llmEnabled = env.OPENAI_BASE_URL !== undefined || env.OPENAI_API_KEY !== undefined;
  const llmSettings = {
    baseUrl: env.OPENAI_BASE_URL,
    apiKey: env.OPENAI_API_KEY,
    model: env.TAGGER_MODEL,
    maxOutputTokens: env.TAGGER_MAX_OUTPUT_TOKENS,
    timeoutMs: env.TAGGER_TIMEOUT_MS,
    maxRetries: env.TAGGER_MAX_RETRIES,
  };
  return {
    llm: llmEnabled
      ? {
          client: createLlmClient(llmSettings),
          settings: llmSettings,
          price: modelPrice(env.TAGGER_MODEL, {
            input: env.TAGGER_PRICE_INPUT_PER_MTOK,
            output: env.TAGGER_PRICE_OUTPUT_PER_MTOK,
          }),
        }
      : undefined,
    maxInputChars: env.TAGGER_MAX_INPUT_CHARS,
    minMessages: env.TAGGER_MIN_MESSAGES,
    pauseMinutes: env.TAGGER_PAUSE_MINUTES,
    cacheTtlDays: env.TAGGER_CACHE_TTL_DAYS,
  };
}
