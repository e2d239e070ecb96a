// Gemini token counts -> the protocol's token_usage. Gemini's prompt count includes the cached part and its
// thinking tokens are billed as output, so: input = input - cached, cache_read = cached, output = output + thoughts.
import { type TokenUsage } from "@catsyphon/protocol";

import { tokenCount } from "./bounds";
import { type GeminiTokens } from "./records";

export interface GeminiUsage {
  usage: TokenUsage;
  /** The whole prompt (cached part included): the context size at that response. */
  prompt_tokens: number;
}

export function tokenUsage(tokens: GeminiTokens): GeminiUsage {
  const input = tokenCount(tokens.input);
  const cached = tokenCount(tokens.cached);
  const thoughts = tokenCount(tokens.thoughts);
  const usage: TokenUsage = {
    input_tokens: Math.max(0, input - cached),
    output_tokens: tokenCount(tokens.output) + thoughts,
    cache_read_tokens: cached,
    cache_creation_tokens: 0,
    thoughts_tokens: thoughts,
    tool_tokens: tokenCount(tokens.tool),
  };
  if (tokens.total != null) usage.total_tokens = tokenCount(tokens.total);
  return { usage, prompt_tokens: input };
}
