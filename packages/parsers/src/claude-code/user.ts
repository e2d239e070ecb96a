// User lines: prompts, tool results, compaction summaries, and text Claude Code injects (meta lines, command
// echoes, reminders). Also the non-standard `"type":"tool-result"` lines of some older files.
import { type Json } from "../types";
import { classifyUserText } from "./classify";
import { type ParseContext } from "./context";
import { blockType, isTextBlock, isToolResultBlock, isUserLine } from "./guards";
import { cleanName, cleanText } from "./limits";
import { lineRoles } from "./roles";
import { type ClaudeRecord, type ToolResultBlock, type UserLine } from "./schemas";
import { emitToolResults } from "./tool-result";

export function handleUser(ctx: ParseContext, record: ClaudeRecord): void {
  if (!isUserLine(record)) {
    ctx.warn("invalid_record", "user line without message content; skipped");
    return;
  }
  const line: UserLine = record;
  const roles = lineRoles(ctx, record);
  const content = line.message.content;
  const texts: string[] = [];
  let images = 0;
  const results: ToolResultBlock[] = [];
  if (typeof content === "string") texts.push(content);
  else {
    for (const item of content) {
      if (typeof item === "string") {
        texts.push(item);
        continue;
      }
      const type = blockType(item);
      if (type === "text") {
        if (isTextBlock(item)) texts.push(item.text);
      } else if (type === "image") images += 1;
      else if (type === "tool_result") {
        if (isToolResultBlock(item)) results.push(item);
      }
    }
  }
  if (results.length > 0) {
    emitToolResults(ctx, {
      blocks: results,
      toolUseResult: line.toolUseResult,
      sourceToolUseId: cleanName(line.sourceToolUseID),
      sourceAssistantUuid: cleanName(line.sourceToolAssistantUUID ?? line.parentUuid),
      lineAgentId: record.isSidechain === true ? undefined : cleanName(record.agentId),
      uuid: cleanName(record.uuid),
      extra: roles.extra,
    });
  }
  if (texts.length === 0 && images === 0) return;
  const text = cleanText(texts.join("\n"));
  const imageCount: Record<string, Json> = images > 0 ? { image_count: images } : {};
  const messageId = cleanName(record.uuid);
  const ids: Record<string, Json> = messageId === undefined ? {} : { message_id: messageId };
  if (line.isCompactSummary === true) {
    ctx.emit({
      type: "message",
      data: { ...roles.extra, ...ids, author_role: "system", message_type: "summary", content: text },
    });
    return;
  }
  if (record.isMeta === true) {
    ctx.emit({
      type: "message",
      data: {
        ...roles.extra,
        ...ids,
        ...imageCount,
        author_role: "system",
        message_type: "context",
        content: text,
      },
    });
    return;
  }
  const kind = classifyUserText(text);
  if (kind.kind === "context") {
    ctx.emit({
      type: "message",
      data: { ...roles.extra, ...ids, author_role: "system", message_type: "context", content: kind.content },
    });
  } else if (kind.kind === "teammate") {
    // A teammate's message prompts this agent, but no person typed it.
    ctx.emit({
      type: "message",
      data: {
        ...roles.extra,
        ...ids,
        author_role: roles.prompt === "caller" ? "caller" : "agent",
        message_type: "prompt",
        content: kind.content,
      },
    });
  } else {
    ctx.emit({
      type: "message",
      data: {
        ...roles.extra,
        ...ids,
        ...imageCount,
        ...(kind.reminders > 0 ? { system_reminders: kind.reminders } : {}),
        author_role: roles.prompt,
        message_type: "prompt",
        content: kind.content,
      },
    });
  }
}
