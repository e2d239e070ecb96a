// The stored tags: rule tags, then the LLM's judgement over them, then whatever a human set, which no tagging
// replaces. A session's own outcome beats both the heuristic and the LLM.
import { JUDGED_TAG_FIELDS, type StoredTags, type TagSource } from "@catsyphon/protocol";

import { PROMPT_VERSION, SCHEMA_VERSION, type LlmAnswer } from "./llm/answer";
import { RULES_VERSION, type RuleTags } from "./rules/rule-tags";

// pending: rule tags written, the LLM call under way (left so by a crash; the backfill picks it up).
export type LlmStatus = "ok" | "cached" | "disabled" | "trivial" | "paused" | "failed" | "pending";

export interface MergeInput {
  previous: StoredTags;
  rules: RuleTags;
  /** undefined: no new answer this time (the previous LLM values, if any, stay). */
  llm: LlmAnswer | undefined;
  llmStatus: LlmStatus;
  model: string | undefined;
  /** The outcome the session reported itself, if it did. */
  sessionOutcome: string | undefined;
  taggedAt: Date;
}

export interface MergedTags {
  tags: StoredTags;
  /** The outcome to write to the conversation (and its success), when the LLM decided it and it is known. */
  outcomeForConversation: string | undefined;
}

export function mergeTags(input: MergeInput): MergedTags {
  const previousSources: Record<string, TagSource> = input.previous._meta?.source ?? {};
  const tags: Record<string, unknown> = {};
  const source: Record<string, TagSource> = {};
  const set = (field: string, value: unknown, from: TagSource) => {
    if (previousSources[field] === "human") return;
    tags[field] = value;
    source[field] = from;
  };
  // Previous LLM values stay until a new answer replaces them; human values always stay.
  for (const [field, from] of Object.entries(previousSources)) {
    if (from === "human" || (from === "llm" && input.llm === undefined)) {
      tags[field] = input.previous[field];
      source[field] = from;
    }
  }
  for (const [field, value] of Object.entries(input.rules)) set(field, value, "rule");
  if (input.llm) {
    for (const field of JUDGED_TAG_FIELDS) {
      if (field === "outcome" && input.sessionOutcome !== undefined) continue;
      set(field, input.llm[field], "llm");
    }
  }
  const llmOutcome = source.outcome === "llm" ? (tags.outcome as string) : undefined;
  const outcomeForConversation = llmOutcome && llmOutcome !== "unknown" ? llmOutcome : undefined;
  const previousMeta = input.previous._meta;
  const usedLlm = input.llm !== undefined || Object.values(source).includes("llm");
  return {
    tags: {
      ...tags,
      _meta: {
        rules_version: RULES_VERSION,
        prompt_version: usedLlm
          ? input.llm
            ? PROMPT_VERSION
            : (previousMeta?.prompt_version ?? null)
          : null,
        schema_version: usedLlm
          ? input.llm
            ? SCHEMA_VERSION
            : (previousMeta?.schema_version ?? null)
          : null,
        model: input.llm ? (input.model ?? null) : usedLlm ? (previousMeta?.model ?? null) : null,
        tagged_at: input.taggedAt.toISOString(),
        llm_status: input.llmStatus,
        outcome_written: outcomeForConversation ?? previousMeta?.outcome_written ?? null,
        source,
      },
    },
    outcomeForConversation,
  };
}
