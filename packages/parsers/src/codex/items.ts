// response_item records: what went to and came from the model (messages, reasoning, tool calls and outputs).
import { countUnknownType } from "../checkpoint";
import { isInjected, textsOf } from "./content";
import {
  isCustomToolCall,
  isFunctionCall,
  isMessageItem,
  isReasoningItem,
  isToolOutput,
  isTypedItem,
} from "./guards";
import { asJson, boundJson, type JsonObject, safeName, safeText } from "./limits";
import { emitContext, emitPrompt, emitReply } from "./messages";
import { type Context, draft, out, warn } from "./outbox";
import {
  imageGenerationCallSchema,
  interAgentMessageSchema,
  localShellCallSchema,
  toolSearchCallSchema,
  toolSearchOutputSchema,
  webSearchCallSchema,
} from "./schemas";
import { argumentsObject, customToolCall, type ToolCall, toolCall, toolResult } from "./tools";

/** Items that carry nothing for the archive: internal undo snapshots and compaction bookkeeping. */
const SKIPPED_ITEMS = new Set(["ghost_snapshot", "compaction", "compaction_summary", "other"]);

/** Response item types, also the bare record types of the legacy (early-2025) unwrapped rollouts. */
export const RESPONSE_ITEM_TYPES = new Set([
  "message",
  "reasoning",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "local_shell_call",
  "web_search_call",
  "tool_search_call",
  "tool_search_output",
  "image_generation_call",
  "agent_message",
  ...SKIPPED_ITEMS,
]);

function invalid(ctx: Context, what: string): void {
  warn(ctx, "invalid_record", `response_item ${what} has an unexpected shape; skipped`);
}

function emitToolCall(ctx: Context, id: string, call: ToolCall, extra: JsonObject = {}): void {
  out(
    ctx,
    draft(ctx, "tool_call", {
      tool_name: safeName(call.toolName, "unknown"),
      tool_use_id: safeName(id, "unknown"),
      parameters: call.parameters,
      ...extra,
    }),
  );
}

function emitToolResult(ctx: Context, id: string, success: boolean, result: JsonObject[string]): void {
  out(ctx, draft(ctx, "tool_result", { tool_use_id: safeName(id, "unknown"), success, result }));
}

function handleMessage(ctx: Context, payload: unknown): void {
  if (!isMessageItem(payload)) return invalid(ctx, "message");
  const { role, content, id, phase } = payload;
  const texts = textsOf(content);
  if (texts.length === 0) return;
  if (role === "assistant") return emitReply(ctx, texts.join("\n\n"), "item", { messageId: id, phase });
  if (role !== "user") return emitContext(ctx, texts.join("\n\n"), { role: safeName(role, "unknown") });
  const injected = texts.filter(isInjected);
  const typed = texts.filter((text) => !isInjected(text));
  if (injected.length > 0) emitContext(ctx, injected.join("\n\n"));
  if (typed.length > 0) emitPrompt(ctx, typed.join("\n\n"), "item");
}

function handleReasoning(ctx: Context, payload: unknown): void {
  if (!isReasoningItem(payload)) return invalid(ctx, "reasoning");
  // Summaries and raw reasoning text are readable; encrypted_content is not, and is never stored.
  const texts = [...textsOf(payload.summary), ...textsOf(payload.content)];
  if (texts.length > 0) out(ctx, draft(ctx, "thinking", { content: safeText(texts.join("\n\n")) }));
}

function handleInterAgentMessage(ctx: Context, payload: unknown): void {
  const parsed = interAgentMessageSchema.safeParse(payload);
  if (!parsed.success) return invalid(ctx, "agent_message");
  const texts = textsOf(parsed.data.content);
  if (texts.length === 0) return;
  const extra: JsonObject = {};
  if (parsed.data.author) extra.author = safeName(parsed.data.author, "unknown");
  if (parsed.data.recipient) extra.recipient = safeName(parsed.data.recipient, "unknown");
  out(
    ctx,
    draft(ctx, "message", {
      author_role: "agent",
      message_type: "context",
      content: safeText(texts.join("\n\n")),
      ...extra,
    }),
  );
}

/** Handles the payload of a response_item (or a bare legacy item). */
export function handleResponseItem(ctx: Context, payload: unknown): void {
  // Some writers leave out the type of plain messages ({role, content}).
  const type = isTypedItem(payload) ? payload.type : isMessageItem(payload) ? "message" : undefined;
  if (type === undefined) return invalid(ctx, "without a type");
  switch (type) {
    case "message":
      return handleMessage(ctx, payload);
    case "reasoning":
      return handleReasoning(ctx, payload);
    case "agent_message":
      return handleInterAgentMessage(ctx, payload);
    case "function_call": {
      if (!isFunctionCall(payload)) return invalid(ctx, type);
      const extra: JsonObject = payload.namespace
        ? { namespace: safeName(payload.namespace, "unknown") }
        : {};
      return emitToolCall(ctx, payload.call_id, toolCall(payload.name, payload.arguments), extra);
    }
    case "custom_tool_call": {
      if (!isCustomToolCall(payload)) return invalid(ctx, type);
      return emitToolCall(ctx, payload.call_id, customToolCall(payload.name, payload.input));
    }
    case "local_shell_call": {
      const parsed = localShellCallSchema.safeParse(payload);
      const id = parsed.success ? (parsed.data.call_id ?? parsed.data.id) : null;
      if (!parsed.success || !id) return invalid(ctx, type);
      return emitToolCall(ctx, id, toolCall("local_shell", parsed.data.action));
    }
    case "web_search_call": {
      const parsed = webSearchCallSchema.safeParse(payload);
      const id = parsed.success ? (parsed.data.call_id ?? parsed.data.id) : null;
      if (!parsed.success || !id) return invalid(ctx, type);
      return emitToolCall(ctx, id, {
        toolName: "web_search",
        parameters: argumentsObject(parsed.data.action),
      });
    }
    case "tool_search_call": {
      const parsed = toolSearchCallSchema.safeParse(payload);
      if (!parsed.success) return invalid(ctx, type);
      const call = { toolName: "tool_search", parameters: argumentsObject(parsed.data.arguments) };
      return emitToolCall(ctx, parsed.data.call_id, call);
    }
    case "image_generation_call": {
      // The result is the image itself (base64): only the call and its prompt are kept.
      const parsed = imageGenerationCallSchema.safeParse(payload);
      if (!parsed.success) return invalid(ctx, type);
      const parameters: JsonObject = parsed.data.revised_prompt
        ? { prompt: safeText(parsed.data.revised_prompt) }
        : {};
      return emitToolCall(ctx, parsed.data.id, { toolName: "image_generation", parameters });
    }
    case "function_call_output":
    case "custom_tool_call_output": {
      if (!isToolOutput(payload)) return invalid(ctx, type);
      const { success, result } = toolResult(payload.output);
      return emitToolResult(ctx, payload.call_id, success, result);
    }
    case "tool_search_output": {
      const parsed = toolSearchOutputSchema.safeParse(payload);
      if (!parsed.success) return invalid(ctx, type);
      const success = parsed.data.status !== "failed";
      return emitToolResult(ctx, parsed.data.call_id, success, boundJson(asJson(parsed.data.tools ?? null)));
    }
    default:
      if (SKIPPED_ITEMS.has(type)) return;
      countUnknownType(ctx.checkpoint.stats, `response_item.${type.slice(0, 100)}`);
      warn(ctx, "unknown_line_type", `unknown response_item type "${type.slice(0, 100)}"; skipped`);
  }
}
