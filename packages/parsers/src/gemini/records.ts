// Shapes of what Gemini CLI writes in its chat recordings (packages/core/src/services/chatRecordingService.ts):
// a header {sessionId, projectHash, startTime, lastUpdated, kind?, directories?}, message records (re-appended
// in full whenever they change), `{$set: {...}}` header patches and `{$rewindTo: id}` truncations. Legacy `.json`
// files hold the header fields plus `messages` in one document. All objects are loose: newer CLIs add fields.
// Message, `$set` and tool response records are checked by the equivalent guards in guards.ts
// (test/guards.test.ts proves they agree); headers, rewinds and legacy documents with these schemas directly.
import { z } from "zod";

import { isCanonicalIsoTime } from "../timestamps";

const countSchema = z.number().nullish();

export const tokensSchema = z.looseObject({
  input: countSchema,
  output: countSchema,
  cached: countSchema,
  thoughts: countSchema,
  tool: countSchema,
  total: countSchema,
});
export type GeminiTokens = z.infer<typeof tokensSchema>;

export const thoughtSchema = z.looseObject({
  subject: z.string().nullish(),
  description: z.string().nullish(),
  timestamp: z.unknown().optional(),
});
export type GeminiThought = z.infer<typeof thoughtSchema>;

export const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  displayName: z.string().nullish(),
  args: z.unknown().optional(),
  result: z.unknown().optional(),
  status: z.string().nullish(),
  resultDisplay: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});
export type GeminiToolCall = z.infer<typeof toolCallSchema>;

/** A part of a tool call's `result` that carries the tool's response. */
export const functionResponsePartSchema = z.looseObject({
  functionResponse: z.looseObject({
    /** The id of the call it answers (Gemini CLI's convertToFunctionResponse sets it). */
    id: z.unknown().optional(),
    response: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type FunctionResponsePart = z.infer<typeof functionResponsePartSchema>;

export const messageSchema = z.looseObject({
  id: z.string(),
  timestamp: z.unknown().optional(),
  type: z.string(),
  content: z.unknown().optional(),
  displayContent: z.unknown().optional(),
  /** Old legacy files write `type: "model"` with `parts` instead of `content`. */
  parts: z.unknown().optional(),
  thoughts: z.array(thoughtSchema).nullish(),
  tokens: tokensSchema.nullish(),
  model: z.string().nullish(),
  toolCalls: z.array(toolCallSchema).nullish(),
});
export type GeminiMessage = z.infer<typeof messageSchema>;

/** Header fields (the JSONL first line, a legacy document's top level, or a later `$set`). */
export const headerSchema = z.looseObject({
  sessionId: z.string().nullish(),
  projectHash: z.string().nullish(),
  startTime: z.unknown().optional(),
  lastUpdated: z.unknown().optional(),
  kind: z.string().nullish(),
  directories: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  /** Not written by the CLI versions we know (the parent is the folder name), accepted when present. */
  parentSessionId: z.string().nullish(),
});
export type GeminiHeader = z.infer<typeof headerSchema>;

export const setRecordSchema = z.looseObject({ $set: z.record(z.string(), z.unknown()) });
export type SetRecord = z.infer<typeof setRecordSchema>;
export const rewindRecordSchema = z.looseObject({ $rewindTo: z.string() });

export const legacyDocumentSchema = headerSchema.extend({
  messages: z.array(z.unknown()),
  meta: z.looseObject({ model: z.string().nullish() }).nullish(),
});

/** Message types this parser maps; anything else is counted as unknown. */
export const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  "user",
  "gemini",
  "model",
  "info",
  "error",
  "warning",
]);

/** The text of a Gemini content value: a string, a part `{text}`, or a list of those (thought parts skipped). */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    let text = "";
    for (const part of value) text += textOf(part);
    return text;
  }
  if (typeof value === "object" && value !== null && "text" in value && typeof value.text === "string") {
    return "thought" in value && value.thought === true ? "" : value.text;
  }
  return "";
}

/** A record's timestamp as ISO 8601 with `Z`, or null when absent or not a date. */
export function isoTimestamp(value: unknown): string | null {
  if (typeof value === "string" && isCanonicalIsoTime(value)) return value;
  if (typeof value !== "string" && typeof value !== "number") return null;
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
