// What the LLM must answer: its reasoning first (so the verdict follows from it), then the judged tags. Sent as
// the structured-output schema and checked again on arrival, whatever the server claims to enforce.
import { judgedTagsSchema } from "@catsyphon/protocol";
import { z } from "zod";

/** Bump when the instructions change; part of the cache key and recorded in _meta and analysis_runs. */
export const PROMPT_VERSION = 1;
/** Bump when the answer's shape changes. */
export const SCHEMA_VERSION = 1;

export const llmAnswerSchema = z.object({
  reasoning: z.string().max(4_000).describe("A few sentences on what the session was about and how it ended"),
  ...judgedTagsSchema.shape,
});
export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

export const SYSTEM_PROMPT = `You classify one session of an AI coding agent from a compacted transcript.
The transcript lists the first user prompt, errors, a sample of the middle and the last messages; "[REDACTED:…]" marks removed secrets.
Answer with JSON only, matching the schema:
- reasoning: 2-4 sentences on what the user wanted and how the session ended (write this first).
- intent: feature_add, bug_fix, refactor, learning, debugging or other.
- outcome: success (the goal was reached), partial, failure, abandoned (the user left without a result) or unknown.
- sentiment of the user: positive, neutral, negative or frustrated; sentiment_score from -1 (very negative) to 1.
- features: up to 5 short names of what was built or changed. problems: up to 5 short names of problems met.
- summary: one sentence.`;
