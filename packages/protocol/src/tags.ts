// The shape of `conversations.tags` (apps/tagger writes it, the web app reads and edits it): rule tags, LLM tags
// and human edits merged, with `_meta.source` naming where each field came from.
import { z } from "zod";

import { SESSION_OUTCOMES } from "./events";

export const TAG_INTENTS = ["feature_add", "bug_fix", "refactor", "learning", "debugging", "other"] as const;
export const TAG_SENTIMENTS = ["positive", "neutral", "negative", "frustrated"] as const;
/** Where a tag field's value came from; a `human` value is kept across re-tagging. */
export const TAG_SOURCES = ["rule", "llm", "human"] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

export const MAX_TAG_LIST_ITEMS = 5;
const tagText = (max: number) => z.string().trim().min(1).max(max);

/** The fields the LLM judges; a member may also set each of them by hand. */
export const judgedTagsSchema = z.object({
  intent: z.enum(TAG_INTENTS),
  outcome: z.enum(SESSION_OUTCOMES),
  sentiment: z.enum(TAG_SENTIMENTS),
  sentiment_score: z.number().min(-1).max(1),
  features: z.array(tagText(200)).max(MAX_TAG_LIST_ITEMS),
  problems: z.array(tagText(200)).max(MAX_TAG_LIST_ITEMS),
  summary: tagText(500),
});
export type JudgedTags = z.infer<typeof judgedTagsSchema>;
export const JUDGED_TAG_FIELDS = Object.keys(judgedTagsSchema.shape) as (keyof JudgedTags)[];

/**
 * `PATCH /api/v1/conversations/{id}/tags`: the fields given are set and marked human; `null` drops a human value so
 * the next tagging fills the field again.
 */
export const tagEditSchema = z
  .object(
    Object.fromEntries(
      JUDGED_TAG_FIELDS.map((field) => [field, judgedTagsSchema.shape[field].nullable().optional()]),
    ) as { [K in keyof JudgedTags]: z.ZodOptional<z.ZodNullable<(typeof judgedTagsSchema.shape)[K]>> },
  )
  .strict()
  .refine((edit) => Object.keys(edit).length > 0, { message: "name at least one tag field" });
export type TagEdit = z.infer<typeof tagEditSchema>;

export const tagMetaSchema = z
  .object({
    rules_version: z.number().int().optional(),
    prompt_version: z.number().int().nullable().optional(),
    schema_version: z.number().int().nullable().optional(),
    model: z.string().nullable().optional(),
    tagged_at: z.string().optional(),
    /** What happened to the LLM step last time: ok, cached, disabled, trivial, paused, failed, pending (under way). */
    llm_status: z.string().optional(),
    /** The outcome the tagger wrote to the conversation's column (so it is not mistaken for the session's). */
    outcome_written: z.string().nullable().optional(),
    source: z.record(z.string(), z.enum(TAG_SOURCES)).default({}),
  })
  .loose();
export type TagMeta = z.infer<typeof tagMetaSchema>;

/** Stored tags as read back: every field optional (untagged is `{}`), unknown fields kept. */
export const storedTagsSchema = z
  .object({
    _meta: tagMetaSchema.optional(),
  })
  .catchall(z.unknown());
export type StoredTags = z.infer<typeof storedTagsSchema>;
