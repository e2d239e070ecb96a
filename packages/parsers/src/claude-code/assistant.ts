// Assistant lines. Claude Code writes one model response as several lines (one per content block) that repeat
// the same message.id, requestId and usage: the first line of a response carries the token usage, later lines
// only add their text, thinking and tool calls, so usage is counted once per response.
import { type MessageData, type ThinkingData, type TokenUsage } from "@catsyphon/protocol";

import { type ParseContext } from "./context";
import {
  blockType,
  isAssistantLine,
  isTextBlock,
  isThinkingBlock,
  isToolResultBlock,
  isToolUseBlock,
} from "./guards";
import { cleanName, cleanParameters, cleanText, compact, count } from "./limits";
import { planFromToolUse } from "./plans";
import { lineData, lineRoles } from "./roles";
import {
  type AssistantLine,
  type ClaudeRecord,
  type ToolResultBlock,
  type ToolUseBlock,
  type Usage,
} from "./schemas";
import { resultText } from "./tool-result";

const SYNTHETIC_MODEL = "<synthetic>";

function tokenUsage(usage: Usage): TokenUsage {
  return compact({
    input_tokens: count(usage.input_tokens),
    output_tokens: count(usage.output_tokens),
    cache_read_tokens: count(usage.cache_read_input_tokens),
    cache_creation_tokens: count(usage.cache_creation_input_tokens),
    cache_creation_5m_tokens: count(usage.cache_creation?.ephemeral_5m_input_tokens),
    cache_creation_1h_tokens: count(usage.cache_creation?.ephemeral_1h_input_tokens),
  });
}

export function handleAssistant(ctx: ParseContext, record: ClaudeRecord): void {
  if (!isAssistantLine(record)) {
    ctx.warn("invalid_record", "assistant line without a message object; skipped");
    return;
  }
  const line: AssistantLine = record;
  const message = line.message;
  const roles = lineRoles(ctx, record);
  const rawContent = message.content;
  const blocks: unknown[] =
    typeof rawContent === "string" ? [{ type: "text", text: rawContent }] : (rawContent ?? []);

  const texts: string[] = [];
  const thinking: string[] = [];
  const toolUses: ToolUseBlock[] = [];
  const results: ToolResultBlock[] = [];
  for (const block of blocks) {
    const type = blockType(block);
    if (type === "text") {
      if (isTextBlock(block)) texts.push(block.text);
    } else if (type === "thinking") {
      if (isThinkingBlock(block) && block.thinking !== "") thinking.push(block.thinking);
    } else if (type === "tool_use" || type === "server_tool_use") {
      if (isToolUseBlock(block)) toolUses.push(block);
    } else if (type?.endsWith("_tool_result") === true) {
      // Server tool results (web search, ...) come back inside the assistant message itself.
      if (isToolResultBlock(block)) results.push(block);
    }
  }

  const text = cleanText(texts.join("\n"));
  const messageId = cleanName(message.id);
  const requestId = cleanName(line.requestId);
  const model = cleanName(message.model);

  if (line.isApiErrorMessage === true) {
    const ids = compact({ message_id: messageId, request_id: requestId });
    const errorType = cleanName(typeof line.error === "string" ? line.error : undefined) ?? "api_error";
    ctx.emit({ type: "error", data: { ...roles.extra, ...ids, error_type: errorType, message: text } });
    return;
  }

  const synthetic = model === SYNTHETIC_MODEL;
  const first = messageId === undefined || ctx.isNewResponse(`${messageId}|${requestId ?? ""}`);
  const stopReason = cleanName(message.stop_reason);
  if (first || texts.length > 0) {
    const data = lineData(roles, messageId);
    if (requestId !== undefined) data.request_id = requestId;
    if (!synthetic && model !== undefined) data.model = model;
    if (stopReason !== undefined) data.stop_reason = stopReason;
    if (first) {
      if (synthetic) data.synthetic = true;
      else if (message.usage) data.token_usage = tokenUsage(message.usage);
      if (thinking.length > 0) data.thinking_content = cleanText(thinking.join("\n\n"));
    } else {
      // A later line of a response already counted: its blocks, without usage.
      data.continuation = true;
    }
    data.author_role = roles.response;
    data.message_type = "response";
    data.content = text;
    ctx.emit({ type: "message", data: data as MessageData });
  }
  if (!first) {
    for (const content of thinking) {
      const data = lineData(roles, messageId);
      if (requestId !== undefined) data.request_id = requestId;
      data.content = cleanText(content);
      ctx.emit({ type: "thinking", data: data as ThinkingData });
    }
  }

  toolUses.forEach((use, index) => {
    const toolUseId =
      cleanName(use.id) ??
      cleanName(`${cleanName(record.uuid) ?? `line-${ctx.line}`}:tool-${index}`) ??
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
