// Requests and responses of the collector endpoints other than the event batch itself (DESIGN §2).
import { z } from "zod";

import { agentTypeSchema } from "./agent-type";
import { apiKeyPrefixSchema, apiKeySchema, collectorIdSchema } from "./api-key";
import { sessionIdSchema } from "./batch";
import { errorBodySchema } from "./errors";
import { sessionOutcomeSchema } from "./events";
import { MAX_COLLECTOR_METADATA_JSON_LENGTH } from "./limits";
import {
  boundedJsonObject,
  isoDateTimeSchema,
  lastSequenceSchema,
  nonNegativeIntSchema,
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

/** 200 of GET /collectors/sessions/{session_id}: where to resume. */
export const sessionStatusSchema = z.object({
  session_id: sessionIdSchema,
  conversation_id: conversationIdSchema,
  last_sequence: lastSequenceSchema,
  status: sessionStatusValueSchema,
  agent_type: agentTypeSchema.nullable().optional(),
  started_at: isoDateTimeSchema.nullable().optional(),
  last_event_at: isoDateTimeSchema.nullable().optional(),
});
export type SessionStatus = z.output<typeof sessionStatusSchema>;

/** Body of POST /collectors/sessions/{session_id}/complete. */
export const sessionCompleteRequestSchema = z.object({
  outcome: sessionOutcomeSchema,
  summary: textSchema.optional(),
});
export type SessionCompleteRequest = z.infer<typeof sessionCompleteRequestSchema>;

export const sessionCompleteResponseSchema = z.object({
  session_id: sessionIdSchema,
  conversation_id: conversationIdSchema,
  status: z.literal("completed"),
  outcome: sessionOutcomeSchema,
});
export type SessionCompleteResponse = z.infer<typeof sessionCompleteResponseSchema>;

/** Body of POST /collectors. */
export const collectorRegistrationRequestSchema = z.object({
  collector_type: shortNameSchema.describe("e.g. watcher, sdk, aiobscura"),
  collector_version: shortNameSchema,
  hostname: shortNameSchema,
  metadata: boundedJsonObject(MAX_COLLECTOR_METADATA_JSON_LENGTH).optional(),
});
export type CollectorRegistrationRequest = z.infer<typeof collectorRegistrationRequestSchema>;

/** A freshly issued collector credential; `api_key` is shown this once and stored only as a hash. */
export const collectorCredentialsSchema = z.object({
  collector_id: collectorIdSchema,
  api_key: apiKeySchema,
  api_key_prefix: apiKeyPrefixSchema,
  workspace_id: z.uuid(),
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
