// JSON Schema of every wire shape, for the OpenAPI document and for SDKs in other languages. Schemas describe
// what goes over the wire (`io: "input"`), e.g. `agent_type` as any string before normalization.
import { z } from "zod";

import { batchEventSchema, eventBatchSchema } from "./batch";
import { errorBodySchema, sessionConflictErrorSchema } from "./errors";
import {
  errorEventSchema,
  fileTouchedSchema,
  messageEventSchema,
  metadataEventSchema,
  protocolEventSchema,
  sessionEndEventSchema,
  sessionStartEventSchema,
  thinkingEventSchema,
  tokenUsageSchema,
  toolCallEventSchema,
  toolResultEventSchema,
} from "./events";
import { jsonValueSchema } from "./primitives";
import {
  builtinCredentialsResponseSchema,
  collectorRegistrationRequestSchema,
  collectorRegistrationResponseSchema,
  eventBatchAcceptedSchema,
  sequenceGapErrorSchema,
  sessionCompleteRequestSchema,
  sessionCompleteResponseSchema,
  sessionStatusSchema,
} from "./responses";

/** The named wire shapes, by the name they get in JSON Schema / OpenAPI. */
export const protocolSchemas = {
  EventBatch: eventBatchSchema,
  BatchEvent: batchEventSchema,
  ProtocolEvent: protocolEventSchema,
  SessionStartEvent: sessionStartEventSchema,
  SessionEndEvent: sessionEndEventSchema,
  MessageEvent: messageEventSchema,
  ToolCallEvent: toolCallEventSchema,
  ToolResultEvent: toolResultEventSchema,
  ThinkingEvent: thinkingEventSchema,
  ErrorEvent: errorEventSchema,
  MetadataEvent: metadataEventSchema,
  TokenUsage: tokenUsageSchema,
  FileTouched: fileTouchedSchema,
  EventBatchAccepted: eventBatchAcceptedSchema,
  SequenceGapError: sequenceGapErrorSchema,
  SessionConflictError: sessionConflictErrorSchema,
  SessionStatus: sessionStatusSchema,
  SessionCompleteRequest: sessionCompleteRequestSchema,
  SessionCompleteResponse: sessionCompleteResponseSchema,
  CollectorRegistrationRequest: collectorRegistrationRequestSchema,
  CollectorRegistrationResponse: collectorRegistrationResponseSchema,
  BuiltinCredentialsResponse: builtinCredentialsResponseSchema,
  ErrorBody: errorBodySchema,
} as const satisfies Record<string, z.ZodType>;

export type ProtocolSchemaName = keyof typeof protocolSchemas;
export type JsonSchema = z.core.JSONSchema.BaseSchema;

export interface ProtocolJsonSchemaOptions {
  /**
   * Where a schema references another named one, e.g. `(name) => \`#/components/schemas/${name}\`` for OpenAPI.
   * With it, shared shapes (events, JsonValue) become `$ref`s to that address and the result also holds
   * `JsonValue`; without it, every schema is self-contained (shared parts inlined or in its own `$defs`).
   */
  uri?: (name: string) => string;
  target?: z.core.ToJSONSchemaParams["target"];
}

/** JSON Schema of every named wire shape, keyed by name. */
export function protocolJsonSchemas(options: ProtocolJsonSchemaOptions = {}): Record<string, JsonSchema> {
  const params = { io: "input", target: options.target } as const;
  const { uri } = options;
  if (!uri) {
    return Object.fromEntries(
      Object.entries(protocolSchemas).map(([name, schema]) => [
        name,
        toPlainSchema(z.toJSONSchema(schema, params)),
      ]),
    );
  }
  const registry = z.registry<{ id: string }>();
  registry.add(jsonValueSchema, { id: "JsonValue" });
  for (const [name, schema] of Object.entries(protocolSchemas)) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, { ...params, uri });
  // A fragment-only `$id` is not valid JSON Schema 2020-12 and would rebase references; the name is the key.
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $id: _id, ...rest } = toPlainSchema(schema);
      return [name, rest];
    }),
  );
}

/** Drops zod's non-enumerable Standard Schema marker, leaving plain JSON. */
function toPlainSchema(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}
