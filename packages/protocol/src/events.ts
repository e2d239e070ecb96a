// The eight event types of the collector protocol (DESIGN §2). Every `data` object is loose: fields this version
// does not know are kept as sent, so a newer collector can add fields without breaking an older server, and the
// worker can store them (extra_data) instead of losing them. Only the envelope strips unknown keys.
import { z } from "zod";

import { agentTypeSchema } from "./agent-type";
import { MAX_EVENT_HASH_LENGTH, MAX_LIST_ITEMS, MAX_PATH_LENGTH, MAX_TOOL_JSON_LENGTH } from "./limits";
import {
  boundedJson,
  boundedJsonObject,
  boundedName,
  idSchema,
  isoDateTimeSchema,
  nonNegativeIntSchema,
  sequenceSchema,
  shortNameSchema,
  textSchema,
} from "./primitives";

export const EVENT_TYPES = [
  "session_start",
  "session_end",
  "message",
  "tool_call",
  "tool_result",
  "thinking",
  "error",
  "metadata",
] as const;
export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

/**
 * How a session ended. `success` / `failure`: the task was / was not achieved; `partial`: some of it;
 * `abandoned`: the user walked away; `unknown`: the collector cannot tell (also what the idle sweeper records:
 * silence says nothing about success).
 * Conversations store `success = true` for success, `false` for failure/abandoned, null otherwise.
 */
export const SESSION_OUTCOMES = ["success", "failure", "partial", "abandoned", "unknown"] as const;
export const sessionOutcomeSchema = z.enum(SESSION_OUTCOMES);
export type SessionOutcome = z.infer<typeof sessionOutcomeSchema>;

/** `human`: a person typed it; `caller`: a parent agent or program prompted a sub-agent; `agent`: a sub-agent. */
export const AUTHOR_ROLES = ["human", "caller", "assistant", "agent", "tool", "system"] as const;
export const authorRoleSchema = z.enum(AUTHOR_ROLES);
export type AuthorRole = z.infer<typeof authorRoleSchema>;

export const MESSAGE_TYPES = [
  "prompt",
  "response",
  "tool_call",
  "tool_result",
  "thinking",
  "error",
  "summary",
  "context",
] as const;
export const messageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof messageTypeSchema>;

/** `write` overwrites an existing file, `create` makes a new one, `edit` changes part of one. */
export const CHANGE_TYPES = ["read", "write", "edit", "create"] as const;
export const changeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof changeTypeSchema>;

const pathSchema = boundedName(MAX_PATH_LENGTH);

function listOf<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_LIST_ITEMS, { error: `must have at most ${MAX_LIST_ITEMS} items` });
}

/**
 * Tokens of one model response, counted once per response (not per log line). Every count is optional;
 * `cache_creation_tokens` is the total written to the cache, split by TTL in the 5m/1h fields when known.
 */
export const tokenUsageSchema = z.looseObject({
  input_tokens: nonNegativeIntSchema.optional(),
  output_tokens: nonNegativeIntSchema.optional(),
  cache_read_tokens: nonNegativeIntSchema.optional(),
  cache_creation_tokens: nonNegativeIntSchema.optional(),
  cache_creation_5m_tokens: nonNegativeIntSchema.optional(),
  cache_creation_1h_tokens: nonNegativeIntSchema.optional(),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** A file a session touched. Always an object (never a bare path), so every entry has a change type. */
export const fileTouchedSchema = z.looseObject({
  file_path: pathSchema,
  change_type: changeTypeSchema,
  lines_added: nonNegativeIntSchema.optional(),
  lines_deleted: nonNegativeIntSchema.optional(),
});
export type FileTouched = z.infer<typeof fileTouchedSchema>;

/** A summary the agent wrote of the conversation so far (e.g. Claude Code `summary` lines). */
export const sessionSummarySchema = z.looseObject({ summary: textSchema });
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** A plan the agent made (e.g. Claude Code plan mode, Codex update_plan); `content` is its text (Markdown). */
export const sessionPlanSchema = z.looseObject({ content: textSchema });
export type SessionPlan = z.infer<typeof sessionPlanSchema>;

/** A context compaction: where a new context window (epoch) starts. */
export const compactionEventSchema = z.looseObject({
  occurred_at: isoDateTimeSchema.optional(),
  trigger: shortNameSchema.optional().describe("e.g. auto or manual"),
  pre_tokens: nonNegativeIntSchema.optional().describe("context size before the compaction"),
});
export type CompactionEvent = z.infer<typeof compactionEventSchema>;

export const sessionStartDataSchema = z.looseObject({
  agent_type: agentTypeSchema,
  agent_version: shortNameSchema,
  working_directory: pathSchema.optional(),
  git_branch: shortNameSchema.optional(),
  parent_session_id: idSchema
    .optional()
    .describe("session id of the parent when this session is a sub-agent"),
  slug: shortNameSchema.optional(),
  summaries: listOf(sessionSummarySchema).optional(),
  compaction_events: listOf(compactionEventSchema).optional(),
  developer: shortNameSchema.optional().describe("user name; derived from working_directory when absent"),
  hostname: shortNameSchema.optional(),
  model: shortNameSchema.optional(),
});

export const sessionEndDataSchema = z.looseObject({
  outcome: sessionOutcomeSchema,
  summary: textSchema.optional(),
  plans: listOf(sessionPlanSchema).optional(),
  files_touched: listOf(fileTouchedSchema).optional(),
});

export const messageDataSchema = z.looseObject({
  author_role: authorRoleSchema,
  message_type: messageTypeSchema,
  content: textSchema.describe("may be empty, e.g. for a response that only calls tools"),
  message_id: idSchema.optional(),
  request_id: idSchema.optional(),
  model: shortNameSchema.optional(),
  token_usage: tokenUsageSchema.optional(),
  thinking_content: textSchema.optional(),
  stop_reason: shortNameSchema.optional(),
});

export const toolCallDataSchema = z.looseObject({
  tool_name: shortNameSchema,
  tool_use_id: idSchema,
  parameters: boundedJsonObject(MAX_TOOL_JSON_LENGTH),
  message_id: idSchema.optional().describe("message_id of the message that made the call"),
});

export const toolResultDataSchema = z.looseObject({
  tool_use_id: idSchema,
  success: z.boolean(),
  result: boundedJson(MAX_TOOL_JSON_LENGTH).describe("output text, or any JSON value"),
});

export const thinkingDataSchema = z.looseObject({ content: textSchema });

export const errorDataSchema = z.looseObject({ error_type: shortNameSchema, message: textSchema });

/** Free-form session metadata; any object. */
export const metadataDataSchema = z.looseObject({});

/** The `data` schema of each event type. */
export const eventDataSchemas = {
  session_start: sessionStartDataSchema,
  session_end: sessionEndDataSchema,
  message: messageDataSchema,
  tool_call: toolCallDataSchema,
  tool_result: toolResultDataSchema,
  thinking: thinkingDataSchema,
  error: errorDataSchema,
  metadata: metadataDataSchema,
} as const satisfies Record<EventType, z.ZodType>;

export const eventHashSchema = z.string().regex(new RegExp(`^[0-9a-fA-F]{1,${MAX_EVENT_HASH_LENGTH}}$`), {
  error: `must be 1-${MAX_EVENT_HASH_LENGTH} hex digits`,
});

/**
 * The envelope of one event type. Compiled (`z.compile`): every batch validates each of its events, and the
 * generated parser is several times faster than zod's interpreter. It accepts exactly what the schema accepts
 * (a rejection reruns the interpreter, which reports the issues). Types whose data hold free-form JSON
 * (tool_call, tool_result) reference the recursive `z.json()`, which zod does not compile; they stay interpreted.
 */
function eventSchema<const T extends EventType, D extends z.ZodType>(type: T, data: D) {
  return z.compile(
    z.object({
      sequence: sequenceSchema,
      type: z.literal(type),
      emitted_at: isoDateTimeSchema.describe("when the source (the agent) produced the event"),
      observed_at: isoDateTimeSchema.describe("when the collector read the event"),
      event_hash: eventHashSchema.optional(),
      data,
    }),
  );
}

export const sessionStartEventSchema = eventSchema("session_start", sessionStartDataSchema);
export const sessionEndEventSchema = eventSchema("session_end", sessionEndDataSchema);
export const messageEventSchema = eventSchema("message", messageDataSchema);
export const toolCallEventSchema = eventSchema("tool_call", toolCallDataSchema);
export const toolResultEventSchema = eventSchema("tool_result", toolResultDataSchema);
export const thinkingEventSchema = eventSchema("thinking", thinkingDataSchema);
export const errorEventSchema = eventSchema("error", errorDataSchema);
export const metadataEventSchema = eventSchema("metadata", metadataDataSchema);

/** Any event; an unknown `type` fails with an issue at `type` listing the known ones. */
export const protocolEventSchema = z.discriminatedUnion("type", [
  sessionStartEventSchema,
  sessionEndEventSchema,
  messageEventSchema,
  toolCallEventSchema,
  toolResultEventSchema,
  thinkingEventSchema,
  errorEventSchema,
  metadataEventSchema,
]);

/** Parsed (normalized) event, as the server and worker see it. */
export type ProtocolEvent = z.output<typeof protocolEventSchema>;
/** Event as a collector may send it (e.g. `agent_type` in any spelling). */
export type ProtocolEventInput = z.input<typeof protocolEventSchema>;

export type SessionStartEvent = z.output<typeof sessionStartEventSchema>;
export type SessionEndEvent = z.output<typeof sessionEndEventSchema>;
// Not `MessageEvent` / `ErrorEvent`: those would shadow the DOM types of the same names (SSE code in the web app).
export type ProtocolMessageEvent = z.output<typeof messageEventSchema>;
export type ToolCallEvent = z.output<typeof toolCallEventSchema>;
export type ToolResultEvent = z.output<typeof toolResultEventSchema>;
export type ThinkingEvent = z.output<typeof thinkingEventSchema>;
export type ProtocolErrorEvent = z.output<typeof errorEventSchema>;
export type MetadataEvent = z.output<typeof metadataEventSchema>;

export type SessionStartData = z.output<typeof sessionStartDataSchema>;
export type SessionEndData = z.output<typeof sessionEndDataSchema>;
export type MessageData = z.output<typeof messageDataSchema>;
export type ToolCallData = z.output<typeof toolCallDataSchema>;
export type ToolResultData = z.output<typeof toolResultDataSchema>;
export type ThinkingData = z.output<typeof thinkingDataSchema>;
export type ErrorData = z.output<typeof errorDataSchema>;
export type MetadataData = z.output<typeof metadataDataSchema>;

/** The event of the given type (e.g. `EventOfType<"message">`). */
export type EventOfType<T extends EventType> = Extract<ProtocolEvent, { type: T }>;
