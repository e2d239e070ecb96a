// Requests and responses of the collector endpoints other than the event batch itself (DESIGN §2).
import { z } from "zod";

import { agentTypeSchema } from "./agent-type";
import { apiKeyPrefixSchema, apiKeySchema, collectorIdSchema } from "./api-key";
import { sessionIdSchema } from "./batch";
import { errorBodySchema } from "./errors";
import { sessionOutcomeSchema } from "./events";
import { MAX_COLLECTOR_METADATA_JSON_LENGTH } from "./limits";
import {
  absentIfNull,
  boundedJsonObject,
  isoDateTimeSchema,
  lastSequenceSchema,
  nonNegativeIntSchema,
  postgresSafeJson,
  sequenceSchema,
  shortNameSchema,
  textSchema,
} from "./primitives";

/** Deterministic per workspace + session id, so it is known before the worker has run. */
const conversationIdSchema = z.uuid();

/** 202 of POST /collectors/events. */
export const eventBatchAcceptedSchema = z.object({
  accepted: nonNegativeIntSchema.describe("new events enqueued"),
  duplicates: nonNegativeIntSchema.describe("events at or below the last accepted sequence, dropped"),
  last_sequence: lastSequenceSchema.describe("the session's last accepted sequence after this batch"),
  conversation_id: conversationIdSchema,
  warnings: z.array(z.string()).describe("human-readable notes, e.g. about dropped duplicates"),
});
export type EventBatchAccepted = z.infer<typeof eventBatchAcceptedSchema>;

/** 409 of POST /collectors/events: nothing was accepted; resend from `expected_sequence`. */
export const sequenceGapErrorSchema = errorBodySchema.extend({
  error: z.literal("sequence_gap"),
  expected_sequence: sequenceSchema.describe("always last_sequence + 1"),
  last_sequence: lastSequenceSchema,
});
export type SequenceGapError = z.infer<typeof sequenceGapErrorSchema>;

export const SESSION_STATUSES = ["active", "completed"] as const;
export const sessionStatusValueSchema = z.enum(SESSION_STATUSES);
export type SessionStatusValue = z.infer<typeof sessionStatusValueSchema>;

/**
 * 200 of GET /collectors/sessions/{session_id}: where to resume. The seven fields the original CatSyphon's
 * clients read are always present, `last_sequence` and `event_count` as integers.
 */
export const sessionStatusSchema = z.object({
  session_id: sessionIdSchema,
  conversation_id: conversationIdSchema,
  last_sequence: lastSequenceSchema.describe("the session's last accepted sequence (every event type)"),
  event_count: nonNegativeIntSchema.describe(
    "message-like events stored so far (messages, tools, thinking, errors)",
  ),
  first_event_at: isoDateTimeSchema
    .nullable()
    .describe("the session's start; null until the worker wrote it"),
  last_event_at: isoDateTimeSchema.nullable().describe("the newest event time stored; null until written"),
  status: sessionStatusValueSchema,
  agent_type: agentTypeSchema.nullable().optional(),
  started_at: isoDateTimeSchema.nullable().optional().describe("same as first_event_at"),
});
export type SessionStatus = z.output<typeof sessionStatusSchema>;

/** Without NUL (Postgres text cannot hold it) and lone surrogates. */
const storableText = textSchema.transform((value) => postgresSafeJson(value));

/**
 * Body of POST /collectors/sessions/{session_id}/complete. `event_count` and `final_sequence` (sent by the
 * original's watcher and Python SDK) are accepted and ignored: the server knows what it accepted.
 */
export const sessionCompleteRequestSchema = z.object({
  outcome: sessionOutcomeSchema,
  summary: absentIfNull(storableText),
  event_count: absentIfNull(nonNegativeIntSchema).describe("informational; ignored"),
  final_sequence: absentIfNull(nonNegativeIntSchema).describe("informational; ignored"),
});
export type SessionCompleteRequest = z.output<typeof sessionCompleteRequestSchema>;
export type SessionCompleteRequestInput = z.input<typeof sessionCompleteRequestSchema>;

/** 200 of POST /collectors/sessions/{session_id}/complete (the completion itself is queued behind the batches). */
export const sessionCompleteResponseSchema = z.object({
  session_id: sessionIdSchema,
  conversation_id: conversationIdSchema,
  status: z.literal("completed"),
  outcome: sessionOutcomeSchema,
  total_events: nonNegativeIntSchema.describe("events accepted for the session (its last sequence)"),
});
export type SessionCompleteResponse = z.output<typeof sessionCompleteResponseSchema>;

/** Body of POST /collectors. */
export const collectorRegistrationRequestSchema = z.object({
  collector_type: shortNameSchema.describe("e.g. watcher, sdk, aiobscura"),
  collector_version: shortNameSchema,
  hostname: shortNameSchema,
  metadata: absentIfNull(
    boundedJsonObject(MAX_COLLECTOR_METADATA_JSON_LENGTH).transform((value) => postgresSafeJson(value)),
  ).describe("any JSON object; NUL characters are removed"),
  workspace_id: absentIfNull(z.uuid()).describe(
    "optional (the original's clients send it); must be the credential's workspace, else 403",
  ),
});
export type CollectorRegistrationRequest = z.output<typeof collectorRegistrationRequestSchema>;
export type CollectorRegistrationRequestInput = z.input<typeof collectorRegistrationRequestSchema>;

/** A freshly issued collector credential; `api_key` is shown this once and stored only as a hash. */
export const collectorCredentialsSchema = z.object({
  collector_id: collectorIdSchema,
  api_key: apiKeySchema,
  api_key_prefix: apiKeyPrefixSchema,
  workspace_id: z.uuid(),
  created_at: isoDateTimeSchema,
});
export type CollectorCredentials = z.infer<typeof collectorCredentialsSchema>;

/** 201 of POST /collectors. */
export const collectorRegistrationResponseSchema = collectorCredentialsSchema.describe(
  "The new collector's credentials; api_key is shown only in this response.",
);
export type CollectorRegistrationResponse = CollectorCredentials;

/** 200 of GET /collectors/builtin/credentials: always a fresh key (keys fetched earlier stay valid). */
export const builtinCredentialsResponseSchema = collectorCredentialsSchema.describe(
  "Fresh credentials of the bundled watcher; keys issued to it before stay valid.",
);
export type BuiltinCredentialsResponse = CollectorCredentials;
