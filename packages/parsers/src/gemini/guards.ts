// The checks of every Gemini message record (read when it arrives and again when it is sent), of its tool results
// and of `$set` patches: the same acceptance as the schemas of the same names in records.ts (test/guards.test.ts
// holds them to it), without copying each record with its thoughts, tokens and tool calls (decision 0011).
import { isArrayOf, isObject, isOptionalNumber, isOptionalObject, isOptionalString } from "../guards";
import {
  type FunctionResponsePart,
  type GeminiMessage,
  type GeminiThought,
  type GeminiTokens,
  type GeminiToolCall,
  type SetRecord,
} from "./records";

/** thoughtSchema */
export function isThought(value: unknown): value is GeminiThought {
  return isObject(value) && isOptionalString(value.subject) && isOptionalString(value.description);
}

/** tokensSchema */
export function isTokens(value: unknown): value is GeminiTokens {
  return (
    isObject(value) &&
    isOptionalNumber(value.input) &&
    isOptionalNumber(value.output) &&
    isOptionalNumber(value.cached) &&
    isOptionalNumber(value.thoughts) &&
    isOptionalNumber(value.tool) &&
    isOptionalNumber(value.total)
  );
}

/** toolCallSchema */
export function isToolCall(value: unknown): value is GeminiToolCall {
  return (
    isObject(value) &&
    isOptionalString(value.id) &&
    isOptionalString(value.name) &&
    isOptionalString(value.displayName) &&
    isOptionalString(value.status)
  );
}

/** messageSchema */
export function isGeminiMessage(value: unknown): value is GeminiMessage {
  if (!isObject(value)) return false;
  const { thoughts, tokens, toolCalls } = value;
  return (
    typeof value.id === "string" &&
    typeof value.type === "string" &&
    (thoughts === undefined || thoughts === null || isArrayOf(thoughts, isThought)) &&
    (tokens === undefined || tokens === null || isTokens(tokens)) &&
    isOptionalString(value.model) &&
    (toolCalls === undefined || toolCalls === null || isArrayOf(toolCalls, isToolCall))
  );
}

/** functionResponsePartSchema */
export function isFunctionResponsePart(value: unknown): value is FunctionResponsePart {
  if (!isObject(value)) return false;
  const call = value.functionResponse;
  return isObject(call) && isOptionalObject(call.response);
}

/** setRecordSchema */
export function isSetRecord(value: unknown): value is SetRecord {
  return isObject(value) && isObject(value.$set);
}
