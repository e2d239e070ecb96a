// Assistant lines. Claude Code writes one model response as several lines (one per content block) that repeat
// the same message.id, requestId and usage: the first line of a response carries the token usage, later lines
// only add their text, thinking and tool calls, so usage is counted once per response.
import { type TokenUsage } from "@catsyphon/protocol";

import { type Json } from "../types";
import { type ParseContext } from "./context";
import { cleanName, cleanParameters, cleanText, compact, count } from "./limits";
import { planFromToolUse } from "./plans";
import { lineRoles } from "./roles";
import {
  assistantLineSchema,
  blockTypeSchema,
  type ClaudeRecord,
  textBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  type usageSchema,
} from "./schemas";
import { MAX_SEEN_RESPONSES } from "./state";
import { resultText } from "./tool-result";
import { type z } from "zod";

const SYNTHETIC_MODEL = "<synthetic>";

function tokenUsage(usage: z.infer<typeof usageSchema>): TokenUsage {
  return compact({
    input_tokens: count(usage.input_tokens),
    output_tokens: count(usage.output_tokens),
    cache_read_tokens: count(usage.cache_read_input_tokens),
    cache_creation_tokens: count(usage.cache_creation_input_tokens),
    cache_creation_5m_tokens: count(usage.cache_creation?.ephemeral_5m_input_tokens),
    cache_creation_1h_tokens: count(usage.cache_creation?.ephemeral_1h_input_tokens),
  });
}

/** True the first time a response key is seen; remembers the latest keys only. */
function firstLineOfResponse(ctx: ParseContext, key: string): boolean {
  const seen = ctx.state.seenResponses;
  // Lines of one response are adjacent or close: search from the newest key.
  for (let i = seen.length - 1; i >= 0; i--) if (seen[i] === key) return false;
  seen.push(key);
  if (seen.length > MAX_SEEN_RESPONSES) seen.splice(0, seen.length - MAX_SEEN_RESPONSES);
  return true;
}

export function handleAssistant(
  ctx: ParseContext,
  record: ClaudeRecord,
  value: Record<string, unknown>,
): void {
  const parsed = assistantLineSchema.safeParse(value);
  if (!parsed.success) {
    ctx.warn("invalid_record", "assistant line without a message object; skipped");
    return;
  }
  const line = parsed.data;
  const message = line.message;
  const roles = lineRoles(ctx, record);
  const rawContent = message.content;
  const blocks: unknown[] =
    typeof rawContent === "string" ? [{ type: "text", text: rawContent }] : (rawContent ?? []);

  const texts: string[] = [];
  const thinking: string[] = [];
  const toolUses: z.infer<typeof toolUseBlockSchema>[] = [];
  const results: z.infer<typeof toolResultBlockSchema>[] = [];
  for (const block of blocks) {
    const type = blockTypeSchema.safeParse(block).data?.type;
    if (type === "text") {
      const text = textBlockSchema.safeParse(block);
      if (text.success) texts.push(text.data.text);
    } else if (type === "thinking") {
      const think = thinkingBlockSchema.safeParse(block);
      if (think.success && think.data.thinking !== "") thinking.push(think.data.thinking);
    } else if (type === "tool_use" || type === "server_tool_use") {
      const use = toolUseBlockSchema.safeParse(block);
      if (use.success) toolUses.push(use.data);
    } else if (type?.endsWith("_tool_result") === true) {
      // Server tool results (web search, ...) come back inside the assistant message itself.
      const result = toolResultBlockSchema.safeParse(block);
      if (result.success) results.push(result.data);
    }
  }

  const text = cleanText(texts.join("\n"));
  const messageId = cleanName(message.id);
  const requestId = cleanName(line.requestId);
  const model = cleanName(message.model);
  const ids = compact({ message_id: messageId, request_id: requestId });

  if (line.isApiErrorMessage === true) {
    const errorType = cleanName(typeof line.error === "string" ? line.error : undefined) ?? "api_error";
    ctx.emit({ type: "error", data: { ...roles.extra, ...ids, error_type: errorType, message: text } });
    return;
  }

  const synthetic = model === SYNTHETIC_MODEL;
  const first = messageId === undefined || firstLineOfResponse(ctx, `${messageId}|${requestId ?? ""}`);
  const base: Record<string, Json> = compact({
    ...roles.extra,
    ...ids,
    model: synthetic ? undefined : model,
    stop_reason: cleanName(message.stop_reason),
  });
  if (first) {
    const usage = !synthetic && message.usage ? tokenUsage(message.usage) : undefined;
    ctx.emit({
      type: "message",
      data: {
        ...base,
        ...(synthetic ? { synthetic: true } : {}),
        ...(usage !== undefined ? { token_usage: usage } : {}),
        ...(thinking.length > 0 ? { thinking_content: cleanText(thinking.join("\n\n")) } : {}),
        author_role: roles.response,
        message_type: "response",
        content: text,
      },
    });
  } else {
    // A later line of a response already counted: its blocks, without usage.
    if (texts.length > 0) {
      ctx.emit({
        type: "message",
        data: {
          ...base,
          continuation: true,
          author_role: roles.response,
          message_type: "response",
          content: text,
        },
      });
    }
    for (const content of thinking) {
      ctx.emit({ type: "thinking", data: { ...roles.extra, ...ids, content: cleanText(content) } });
    }
  }

  toolUses.forEach((use, index) => {
    const toolUseId =
      cleanName(use.id) ??
      cleanName(`${record.uuid ?? `line-${ctx.line}`}:tool-${index}`) ??
      `line-${ctx.line}`;
    const toolName = cleanName(use.name) ?? "unknown";
    ctx.emit({
      type: "tool_call",
      data: compact({
        ...roles.extra,
        tool_name: toolName,
        tool_use_id: toolUseId,
        parameters: cleanParameters(use.input ?? {}),
        message_id: messageId,
      }),
    });
    const plan = planFromToolUse(ctx.state, toolName, use.input);
    if (plan !== undefined) {
      ctx.emit({
        type: "metadata",
        data: {
          plans: [
            compact({
              content: cleanText(plan.content),
              source_tool_use_id: toolUseId,
              file_path: plan.filePath,
            }),
          ],
        },
      });
    }
  });

  results.forEach((block, index) => {
    ctx.emit({
      type: "tool_result",
      data: {
        ...roles.extra,
        tool_use_id: cleanName(block.tool_use_id) ?? `line-${ctx.line}:result-${index}`,
        success: block.is_error !== true,
        result: resultText(block.content),
      },
    });
  });
}
