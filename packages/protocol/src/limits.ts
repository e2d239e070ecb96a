// Size caps of the wire format. They bound what one event can cost the server (memory, a Postgres row, a
// queue payload) well below the request body limit, so an oversized field is a clear 400 naming that field
// instead of a 413 for the whole body or a failure deep inside the worker.

/** Opaque identifiers: session ids, tool_use ids, message ids. */
export const MAX_ID_LENGTH = 256;

/** Short names and labels: tool names, models, hostnames, versions, error types. */
export const MAX_SHORT_NAME_LENGTH = 256;

/** Free text: message content, thinking, summaries, error messages (~1 MB of characters). */
export const MAX_TEXT_LENGTH = 1_000_000;

/** Serialized JSON size (characters of `JSON.stringify`) of tool parameters and tool results. */
export const MAX_TOOL_JSON_LENGTH = 1_000_000;

/** Agent type after normalization (`claude_code`, `codex`, ...). */
export const MAX_AGENT_TYPE_LENGTH = 64;

/** `event_hash`: hex digest, long enough for SHA-512. */
export const MAX_EVENT_HASH_LENGTH = 128;

/** Items in list fields of event data (summaries, plans, files_touched, compaction_events). */
export const MAX_LIST_ITEMS = 10_000;

/** Events in one batch. */
export const MAX_EVENTS_PER_BATCH = 1000;

/** Largest Postgres `integer` (int4): sequences, line counts, per-response token counts are stored in such columns. */
export const MAX_INT4 = 2_147_483_647;

/** Highest sequence number: fits a Postgres `integer`, far beyond any real session. */
export const MAX_SEQUENCE = MAX_INT4;

/**
 * Tokens of one kind in one model response. An int4, so the worker's per-conversation sums (bigint) cannot
 * overflow and tokens x price (at most a few hundred USD per million) stays far inside cost's numeric(20,10).
 */
export const MAX_TOKENS_PER_RESPONSE = MAX_INT4;

/** Lines added or deleted in one file touch (int4 columns). */
export const MAX_LINE_COUNT = MAX_INT4;

/**
 * Nesting depth of a request body (objects and arrays; the body itself is level 1). Checked on the parsed JSON
 * before any schema runs, so recursive validation and serialization never see data deep enough to overflow the
 * stack. Real payloads (a Claude Code log line in aiobscura's raw_data) stay below 20.
 */
export const MAX_JSON_DEPTH = 64;

/** Earliest and latest timestamps accepted (Postgres timestamptz and JS Date both hold them; 4-digit years). */
export const MIN_TIMESTAMP = "0001-01-01T00:00:00.000Z";
export const MAX_TIMESTAMP = "9999-12-31T23:59:59.999Z";

/** Default cap of a request body; the ingest API makes it configurable (MAX_BODY_BYTES). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** File system paths: working directories, files touched. */
export const MAX_PATH_LENGTH = 4096;

/**
 * UTF-8 bytes of a path. Paths are keys of btree indexes (projects by directory, files touched by path), whose
 * entries cannot exceed 2704 bytes; a longer one fails its whole write (SQLSTATE 54000) on every attempt.
 */
export const MAX_PATH_BYTES = 2048;

/** Serialized JSON size of a collector's registration metadata. */
export const MAX_COLLECTOR_METADATA_JSON_LENGTH = 65_536;
