// The eight event types of the collector protocol (DESIGN §2). Every `data` object is loose: fields this version
// does not know are kept as sent, so a newer collector can add fields without breaking an older server, and the
// worker can store them (extra_data) instead of losing them. Only the envelope strips unknown keys.
import { z } from "zod";

import { agentTypeSchema } from "./agent-type";
import {
  MAX_EVENT_HASH_LENGTH,
  MAX_LIST_ITEMS,
  MAX_PATH_BYTES,
  MAX_PATH_LENGTH,
  MAX_SHORT_NAME_LENGTH,
  MAX_TOOL_JSON_LENGTH,
} from "./limits";
import {
  absentIfNull,
  boundedJson,
  boundedJsonObject,
  boundedName,
  idSchema,
  int4CountSchema,
  isoDateTimeSchema,
  sequenceSchema,
  shortNameSchema,
  textSchema,
  utf8Length,
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
export type KnownSessionOutcome = (typeof SESSION_OUTCOMES)[number];
/** A known outcome, or any other short label a collector reported (stored as sent, success unknown). */
export type SessionOutcome = KnownSessionOutcome | (string & {});

/** Other spellings of the known outcomes (the original CatSyphon's clients write `failed`). */
export const SESSION_OUTCOME_ALIASES: Readonly<Record<string, KnownSessionOutcome>> = {
  failed: "failure",
  fail: "failure",
  succeeded: "success",
  successful: "success",
};

/** The canonical outcome for a known spelling (any case), else the label as sent. */
export function normalizeSessionOutcome(raw: string): SessionOutcome {
  const key = raw.trim().toLowerCase();
  if ((SESSION_OUTCOMES as readonly string[]).includes(key)) return key;
  return SESSION_OUTCOME_ALIASES[key] ?? raw;
}

/**
 * Never refused for its value (a collector's own outcome is kept, with success unknown), only for what cannot be
 * a label: empty, control characters, longer than a short name.
 */
export const sessionOutcomeSchema = boundedName(MAX_SHORT_NAME_LENGTH)
  .transform((value): SessionOutcome => normalizeSessionOutcome(value))
  .describe(`${SESSION_OUTCOMES.join(", ")} (failed = failure); any other label is stored as sent`);

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
  "plan",
] as const;
export const messageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof messageTypeSchema>;

/** `write` overwrites an existing file, `create` makes a new one, `edit` changes part of one. */
export const CHANGE_TYPES = ["read", "write", "edit", "create"] as const;
export const changeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof changeTypeSchema>;

const pathSchema = boundedName(MAX_PATH_LENGTH).refine((value) => utf8Length(value) <= MAX_PATH_BYTES, {
  error: `must be at most ${MAX_PATH_BYTES} bytes in UTF-8`,
});

function listOf<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_LIST_ITEMS, { error: `must have at most ${MAX_LIST_ITEMS} items` });
}

/**
 * Tokens of one model response, counted once per response (not per log line). Every count is optional;
 * `cache_creation_tokens` is the total written to the cache, split by TTL in the 5m/1h fields when known.
 */
export const tokenUsageSchema = z.looseObject({
  input_tokens: absentIfNull(int4CountSchema),
  output_tokens: absentIfNull(int4CountSchema),
  cache_read_tokens: absentIfNull(int4CountSchema),
  cache_creation_tokens: absentIfNull(int4CountSchema),
  cache_creation_5m_tokens: absentIfNull(int4CountSchema),
  cache_creation_1h_tokens: absentIfNull(int4CountSchema),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** The change type given to a bare path: the original's clients list the files a session worked on. */
export const BARE_PATH_CHANGE_TYPE = "edit" satisfies ChangeType;

const fileTouchedObjectSchema = z.looseObject({
  file_path: pathSchema,
  change_type: changeTypeSchema,
  lines_added: absentIfNull(int4CountSchema),
  lines_deleted: absentIfNull(int4CountSchema),
});

/**
 * A file a session touched: an object with its change type, or (as the original CatSyphon's clients send it)
 * a bare path, which becomes `{file_path, change_type: "edit"}`.
 */
export const fileTouchedSchema = z.union(
  [
    pathSchema.transform((file_path): z.output<typeof fileTouchedObjectSchema> => ({
      file_path,
      change_type: BARE_PATH_CHANGE_TYPE,
      lines_added: undefined,
      lines_deleted: undefined,
    })),
    fileTouchedObjectSchema,
  ],
  {
    error: `must be a file path or an object {file_path, change_type: ${CHANGE_TYPES.join("|")}, lines_added?, lines_deleted?}`,
  },
);
export type FileTouched = z.output<typeof fileTouchedSchema>;

// The three list item kinds below are kept whole, as sent: unknown and null fields included (the original's
// PlanInfo and summaries carry explicit nulls), so the dashboard can show whatever a client recorded.

/** A summary the agent wrote of the conversation so far (e.g. Claude Code `summary` lines). */
export const sessionSummarySchema = z.looseObject({
  summary: textSchema.nullish(),
  summary_type: shortNameSchema.nullish(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/**
 * A plan the agent made (e.g. Claude Code plan mode, Codex update_plan); `content` is its text (Markdown). The
 * original's PlanInfo has `plan_file_path, initial_content, final_content, status, iteration_count, operations`
 * instead; the dashboard shows `final_content ?? content`.
 */
export const sessionPlanSchema = z.looseObject({
  content: textSchema.nullish(),
  initial_content: textSchema.nullish(),
  final_content: textSchema.nullish(),
  status: shortNameSchema.nullish(),
  iteration_count: int4CountSchema.nullish(),
});
export type SessionPlan = z.infer<typeof sessionPlanSchema>;

/** A context compaction: where a new context window (epoch) starts. */
export const compactionEventSchema = z.looseObject({
  occurred_at: isoDateTimeSchema.nullish(),
  trigger: shortNameSchema.nullish().describe("e.g. auto or manual"),
  pre_tokens: int4CountSchema.nullish().describe("context size before the compaction"),
});
export type CompactionEvent = z.infer<typeof compactionEventSchema>;

export const sessionStartDataSchema = z.looseObject({
  agent_type: agentTypeSchema,
  agent_version: shortNameSchema,
  working_directory: absentIfNull(pathSchema),
  git_branch: absentIfNull(shortNameSchema),
  parent_session_id: absentIfNull(idSchema).describe(
    "session id of the parent when this session is a sub-agent",
  ),
  slug: absentIfNull(shortNameSchema),
  summaries: absentIfNull(listOf(sessionSummarySchema)),
  compaction_events: absentIfNull(listOf(compactionEventSchema)),
  developer: absentIfNull(shortNameSchema).describe("user name; derived from working_directory when absent"),
  hostname: absentIfNull(shortNameSchema),
  model: absentIfNull(shortNameSchema),
});

export const sessionEndDataSchema = z.looseObject({
  outcome: sessionOutcomeSchema,
  summary: absentIfNull(textSchema),
  plans: absentIfNull(listOf(sessionPlanSchema)),
  files_touched: absentIfNull(listOf(fileTouchedSchema)),
});

/** A required text that some clients omit or send as null when there is none (aiobscura's empty content). */
const textOrEmpty = textSchema.nullish().transform((value) => value ?? "");

export const messageDataSchema = z.looseObject({
  author_role: authorRoleSchema,
  message_type: messageTypeSchema,
  content: textOrEmpty.describe("may be empty (or absent), e.g. for a response that only calls tools"),
  message_id: absentIfNull(idSchema),
  request_id: absentIfNull(idSchema),
  model: absentIfNull(shortNameSchema),
  token_usage: absentIfNull(tokenUsageSchema),
  thinking_content: absentIfNull(textSchema),
  stop_reason: absentIfNull(shortNameSchema),
});

export const toolCallDataSchema = z.looseObject({
  tool_name: shortNameSchema,
  tool_use_id: absentIfNull(idSchema).describe(
    "may be absent (aiobscura's Codex tool events); the server then derives one from the session and sequence",
  ),
  parameters: boundedJsonObject(MAX_TOOL_JSON_LENGTH)
    .nullish()
    .transform((value) => value ?? {}),
  message_id: absentIfNull(idSchema).describe("message_id of the message that made the call"),
});

export const toolResultDataSchema = z.looseObject({
  tool_use_id: absentIfNull(idSchema),
  success: z.boolean(),
  result: boundedJson(MAX_TOOL_JSON_LENGTH).optional().describe("output text, or any JSON value"),
});

export const thinkingDataSchema = z.looseObject({ content: textOrEmpty });

export const errorDataSchema = z.looseObject({
  error_type: shortNameSchema.nullish().transform((value) => value ?? "unknown"),
  message: textOrEmpty,
});

/**
 * Free-form session metadata; any object. `compaction` (decision 0005) starts an epoch, so its numbers are
 * bounded by the columns they go to.
 */
export const metadataDataSchema = z.looseObject({
  compaction: absentIfNull(
    z.looseObject({
      trigger: shortNameSchema.nullish(),
      pre_tokens: int4CountSchema.nullish(),
      summary: textSchema.nullish(),
    }),
  ),
});

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
      event_hash: absentIfNull(eventHashSchema),
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
