// User lines: prompts, tool results, compaction summaries, and text Claude Code injects (meta lines, command
// echoes, reminders). Also the non-standard `"type":"tool-result"` lines of some older files.
import { type MessageData } from "@catsyphon/protocol";

import { classifyUserText } from "./classify";
import { type ParseContext } from "./context";
import { blockType, isTextBlock, isToolResultBlock, isUserLine } from "./guards";
import { cleanName, cleanText } from "./limits";
import { lineData, lineRoles } from "./roles";
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
      sourceAssistantUuid: cleanName(line.sourceToolAssistantUUID) ?? cleanName(line.parentUuid),
      lineAgentId: record.isSidechain === true ? undefined : cleanName(record.agentId),
      uuid: cleanName(record.uuid),
      extra: roles.extra,
    });
  }
  if (texts.length === 0 && images === 0) return;
  const text = cleanText(texts.join("\n"));
  const data = lineData(roles, cleanName(record.uuid));
  let shown = text;
  if (line.isCompactSummary === true) {
    data.author_role = "system";
    data.message_type = "summary";
  } else if (record.isMeta === true) {
    if (images > 0) data.image_count = images;
    data.author_role = "system";
    data.message_type = "context";
  } else {
    const kind = classifyUserText(text);
    shown = kind.content;
    if (kind.kind === "context") {
      data.author_role = "system";
      data.message_type = "context";
    } else if (kind.kind === "teammate") {
      // A teammate's message prompts this agent, but no person typed it.
      data.author_role = roles.prompt === "caller" ? "caller" : "agent";
      data.message_type = "prompt";
    } else {
      if (images > 0) data.image_count = images;
      if (kind.reminders > 0) data.system_reminders = kind.reminders;
      data.author_role = roles.prompt;
      data.message_type = "prompt";
      if (roles.prompt === "human") ctx.markRewoundBranch();
    }
  }
  data.content = shown;
  ctx.emit({ type: "message", data: data as MessageData });
}
