// The checks of the Codex records that make up most of a rollout: the same acceptance as the schemas of the same
// names in schemas.ts (test/guards.test.ts holds them to it), without copying each record (decision 0011).
import { isArrayOf, isNumber, isObject, isOptionalString } from "../guards";
import {
  type AgentMessageEvent,
  type CodexTokenUsage,
  type Compacted,
  type ContentBlock,
  type CustomToolCall,
  type FunctionCall,
  type ItemCompletedEvent,
  type MessageItem,
  type ReasoningItem,
  type TaskCompleteEvent,
  type TokenCountEvent,
  type ToolOutput,
  type TurnContext,
  type TypedEvent,
  type TypedItem,
  type UserMessageEvent,
} from "./schemas";

/** turnContextSchema */
export function isTurnContext(value: unknown): value is TurnContext {
  return isObject(value) && isOptionalString(value.cwd) && isOptionalString(value.model);
}

/** compactedSchema */
export function isCompacted(value: unknown): value is Compacted {
  return isObject(value) && isOptionalString(value.message) && isOptionalString(value.trigger);
}

/** contentBlockSchema */
export function isContentBlock(value: unknown): value is ContentBlock {
  return isObject(value) && isOptionalString(value.type);
}

/** `z.array(contentBlockSchema).nullish()` */
function isOptionalBlocks(value: unknown): value is ContentBlock[] | null | undefined {
  return value === undefined || value === null || isArrayOf(value, isContentBlock);
}

/** itemSchema */
export function isTypedItem(value: unknown): value is TypedItem {
  return isObject(value) && typeof value.type === "string";
}

/** messageItemSchema */
export function isMessageItem(value: unknown): value is MessageItem {
  if (!isObject(value)) return false;
  const content = value.content;
  return (
    typeof value.role === "string" &&
    (typeof content === "string" || isOptionalBlocks(content)) &&
    isOptionalString(value.id) &&
    isOptionalString(value.phase)
  );
}

/** reasoningItemSchema */
export function isReasoningItem(value: unknown): value is ReasoningItem {
  return isObject(value) && isOptionalBlocks(value.summary) && isOptionalBlocks(value.content);
}

/** functionCallSchema */
export function isFunctionCall(value: unknown): value is FunctionCall {
  return (
    isObject(value) &&
    typeof value.name === "string" &&
    typeof value.call_id === "string" &&
    isOptionalString(value.namespace) &&
    isOptionalString(value.id)
  );
}

/** customToolCallSchema */
export function isCustomToolCall(value: unknown): value is CustomToolCall {
  return (
    isObject(value) &&
    typeof value.name === "string" &&
    typeof value.call_id === "string" &&
    isOptionalString(value.id)
  );
}

/** toolOutputSchema */
export function isToolOutput(value: unknown): value is ToolOutput {
  return isObject(value) && typeof value.call_id === "string";
}

/** eventSchema */
export function isTypedEvent(value: unknown): value is TypedEvent {
  return isObject(value) && typeof value.type === "string";
}

/** userMessageEventSchema */
export function isUserMessageEvent(value: unknown): value is UserMessageEvent {
  return isObject(value) && typeof value.message === "string" && isOptionalString(value.kind);
}

/** agentMessageEventSchema */
export function isAgentMessageEvent(value: unknown): value is AgentMessageEvent {
  return isObject(value) && typeof value.message === "string" && isOptionalString(value.phase);
}

/** A token counter (`z.number().nonnegative().nullish()`). */
function isOptionalCount(value: unknown): boolean {
  return value === undefined || value === null || (isNumber(value) && value >= 0);
}

/** `tokenUsageSchema.nullish()` */
function isOptionalTokenUsage(value: unknown): value is CodexTokenUsage | null | undefined {
  if (value === undefined || value === null) return true;
  return (
    isObject(value) &&
    isOptionalCount(value.input_tokens) &&
    isOptionalCount(value.cached_input_tokens) &&
    isOptionalCount(value.cache_write_input_tokens) &&
    isOptionalCount(value.output_tokens) &&
    isOptionalCount(value.reasoning_output_tokens) &&
    isOptionalCount(value.total_tokens)
  );
}

/** tokenCountEventSchema */
export function isTokenCountEvent(value: unknown): value is TokenCountEvent {
  if (!isObject(value)) return false;
  const info = value.info;
  if (info === undefined || info === null) return true;
  return (
    isObject(info) &&
    isOptionalTokenUsage(info.total_token_usage) &&
    isOptionalTokenUsage(info.last_token_usage) &&
    isOptionalString(info.model)
  );
}

/** taskCompleteEventSchema */
export function isTaskCompleteEvent(value: unknown): value is TaskCompleteEvent {
  if (!isObject(value)) return false;
  const error = value.error;
  return error === undefined || error === null || (isObject(error) && isOptionalString(error.message));
}

/** itemCompletedEventSchema */
export function isItemCompletedEvent(value: unknown): value is ItemCompletedEvent {
  if (!isObject(value)) return false;
  const item = value.item;
  return isObject(item) && typeof item.type === "string" && isOptionalString(item.text);
}
