// The checks every Claude Code line and content block goes through: the same acceptance as the schemas of the
// same names in schemas.ts (test/guards.test.ts holds them to it), without copying each record (decision 0011).
import { isObject, isOptionalBoolean, isOptionalNumber, isOptionalObject, isOptionalString } from "../guards";
import {
  type AssistantLine,
  type AttachmentLine,
  type ClaudeRecord,
  type SystemLine,
  type TextBlock,
  type ThinkingBlock,
  type ToolResultBlock,
  type ToolUseBlock,
  type Usage,
  type UserLine,
} from "./schemas";

/** recordSchema */
export function isClaudeRecord(value: unknown): value is ClaudeRecord {
  if (!isObject(value)) return false;
  const { type, timestamp } = value;
  return (
    (type === undefined || typeof type === "string") &&
    (typeof timestamp === "string" || isOptionalNumber(timestamp))
  );
}

/** usageSchema */
export function isUsage(value: unknown): value is Usage {
  return isObject(value) && isOptionalObject(value.cache_creation);
}

/** The `content` of a message: a string or a list of anything (`z.union([str, z.array(z.unknown())])`). */
function isContent(value: unknown): value is string | unknown[] {
  return typeof value === "string" || Array.isArray(value);
}

/** assistantLineSchema */
export function isAssistantLine(value: unknown): value is AssistantLine {
  if (!isObject(value)) return false;
  const message = value.message;
  if (!isObject(message)) return false;
  const { content, usage } = message;
  return (
    (content === undefined || content === null || isContent(content)) &&
    (usage === undefined || usage === null || isUsage(usage))
  );
}

/** userLineSchema */
export function isUserLine(value: unknown): value is UserLine {
  return isObject(value) && isObject(value.message) && isContent(value.message.content);
}

/** systemLineSchema */
export function isSystemLine(value: unknown): value is SystemLine {
  return (
    isObject(value) &&
    isOptionalString(value.subtype) &&
    isOptionalString(value.level) &&
    isOptionalObject(value.compactMetadata) &&
    isOptionalString(value.apiRefusalExplanation) &&
    isOptionalString(value.apiRefusalCategory)
  );
}

/** attachmentLineSchema */
export function isAttachmentLine(value: unknown): value is AttachmentLine {
  return isObject(value) && isObject(value.attachment) && typeof value.attachment.type === "string";
}

/** The type of a content block (blockTypeSchema), undefined when it has none. */
export function blockType(block: unknown): string | undefined {
  return isObject(block) && typeof block.type === "string" ? block.type : undefined;
}

/** textBlockSchema */
export function isTextBlock(block: unknown): block is TextBlock {
  return isObject(block) && block.type === "text" && typeof block.text === "string";
}

/** thinkingBlockSchema */
export function isThinkingBlock(block: unknown): block is ThinkingBlock {
  return isObject(block) && block.type === "thinking" && typeof block.thinking === "string";
}

/** toolUseBlockSchema */
export function isToolUseBlock(block: unknown): block is ToolUseBlock {
  return (
    isObject(block) &&
    (block.type === "tool_use" || block.type === "server_tool_use") &&
    isOptionalString(block.id) &&
    typeof block.name === "string"
  );
}

/** toolResultBlockSchema */
export function isToolResultBlock(block: unknown): block is ToolResultBlock {
  return (
    isObject(block) &&
    typeof block.type === "string" &&
    isOptionalString(block.tool_use_id) &&
    isOptionalString(block.text) &&
    isOptionalBoolean(block.is_error)
  );
}
