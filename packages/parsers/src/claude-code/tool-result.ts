// Tool results carried on user lines: one `tool_result` event per tool_result block, with small side data of
// `toolUseResult` (the sub-agent id of a Task/Agent call, its status, ...) but never its large blobs.
import { type ToolResultData } from "@catsyphon/protocol";

import { type Json } from "../types";
import { type ParseContext } from "./context";
import { blockType, isTextBlock } from "./guards";
import { cleanName, cleanResultText, compact, count } from "./limits";
import { type ToolResultBlock } from "./schemas";

/** The result as text: a string as is, a block list as its texts joined (images as a placeholder). */
export function resultText(content: unknown): string {
  if (typeof content === "string") return cleanResultText(content);
  if (content === undefined || content === null) return "";
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const item of content) {
      if (typeof item === "string") {
        parts.push(item);
        continue;
      }
      if (isTextBlock(item)) parts.push(item.text);
      else if (blockType(item) === "image") parts.push("[image]");
      else parts.push(JSON.stringify(item));
    }
    return cleanResultText(parts.join("\n"));
  }
  return cleanResultText(JSON.stringify(content));
}

const booleanOrUndefined = (value: unknown): boolean | undefined =>
  typeof value === "boolean" ? value : undefined;

/** Scalar facts of `toolUseResult` worth keeping, under snake_case keys. */
function sideData(toolUseResult: unknown): Record<string, Json> {
  if (typeof toolUseResult !== "object" || toolUseResult === null || Array.isArray(toolUseResult)) return {};
  const side = toolUseResult as Record<string, unknown>;
  return compact({
    agent_id: cleanName(side.agentId),
    agent_type: cleanName(side.agentType),
    status: cleanName(side.status),
    is_async: booleanOrUndefined(side.isAsync),
    interrupted: booleanOrUndefined(side.interrupted),
    total_tokens: count(side.totalTokens),
    total_duration_ms: count(side.totalDurationMs),
    total_tool_use_count: count(side.totalToolUseCount),
  }) as Record<string, Json>;
}

export interface ToolResultLine {
  blocks: ToolResultBlock[];
  toolUseResult: unknown;
  sourceToolUseId: string | undefined;
  /** The assistant line that made the call: its tool calls without ids got `<uuid>:tool-<index>`. */
  sourceAssistantUuid: string | undefined;
  /** agentId on a main-session line: older Claude Code put the spawned sub-agent's id there. */
  lineAgentId: string | undefined;
  uuid: string | undefined;
  extra: Record<string, Json>;
}

export function emitToolResults(ctx: ParseContext, line: ToolResultLine): void {
  const side = line.blocks.length === 1 ? sideData(line.toolUseResult) : {};
  if (side.agent_id === undefined && line.blocks.length === 1 && line.lineAgentId !== undefined) {
    side.agent_id = line.lineAgentId;
  }
  line.blocks.forEach((block, index) => {
    const toolUseId =
      cleanName(block.tool_use_id) ??
      (index === 0 ? line.sourceToolUseId : undefined) ??
      (line.sourceAssistantUuid !== undefined
        ? cleanName(`${line.sourceAssistantUuid}:tool-${index}`)
        : undefined) ??
      cleanName(`${line.uuid ?? `line-${ctx.line}`}:result-${index}`) ??
      `line-${ctx.line}:result-${index}`;
    // Assigned field by field rather than spread (this runs for every tool result).
    const data: Record<string, unknown> = {};
    for (const key in line.extra) data[key] = line.extra[key];
    for (const key in side) data[key] = side[key];
    data.tool_use_id = toolUseId;
    data.success = block.is_error !== true;
    data.result = resultText(block.content ?? block.text);
    ctx.emit({ type: "tool_result", data: data as ToolResultData });
  });
}
