// The Markdown form of an export: a header with the session's facts, then each transcript item as a section. Text
// goes into fenced blocks whose fence is longer than any backtick run inside, so a message cannot end its block.
import type { ConversationDetail } from "../conversations/schemas";
import type { MessageItem } from "../messages/schemas";

function fenced(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}\n`;
}

const asText = (value: unknown) =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value, null, 2);

export function markdownHeader(conversation: ConversationDetail): string {
  const title = conversation.slug ?? `Session ${conversation.id}`;
  const facts: [string, string | number | null][] = [
    ["Session id", conversation.collector_session_id],
    ["Project", conversation.project_name],
    ["Developer", conversation.developer],
    ["Agent", [conversation.agent_type, conversation.agent_version].filter(Boolean).join(" ")],
    ["Branch", conversation.git_branch],
    ["Started", conversation.start_time],
    ["Ended", conversation.end_time],
    ["Status", conversation.status],
    ["Messages", conversation.message_count],
    ["Tokens", conversation.total_tokens],
    ["Cost (USD)", conversation.cost_usd],
  ];
  const lines = facts
    .filter(([, value]) => value !== null && value !== "")
    .map(([k, v]) => `- **${k}:** ${v}`);
  return `# ${title}\n\n${lines.join("\n")}\n\n`;
}

export function markdownMessage(message: MessageItem): string {
  const head = `## #${message.sequence} ${message.message_type} (${message.role}, ${message.emitted_at})\n\n`;
  const parts: string[] = [head];
  const model = typeof message.extra_data.model === "string" ? message.extra_data.model : undefined;
  if (message.message_type === "tool_call" || message.tool_calls.length > 0) {
    for (const call of message.tool_calls) {
      parts.push(
        `**Tool:** \`${call.tool_name ?? "unknown"}\`${call.success === false ? " (failed)" : ""}\n\n`,
      );
      parts.push(fenced(asText(call.parameters), "json"), "\n");
      if (call.result !== undefined) parts.push("**Result:**\n\n", fenced(asText(call.result)), "\n");
    }
  } else if (message.message_type === "prompt" || message.message_type === "response") {
    // Markdown as the agent wrote it.
    parts.push(message.content, "\n\n");
  } else if (message.content) {
    parts.push(fenced(message.content), "\n");
  }
  const thinking = message.extra_data.thinking_content;
  if (typeof thinking === "string" && thinking) parts.push("**Thinking:**\n\n", fenced(thinking), "\n");
  if (model || message.cost_usd !== null) {
    parts.push(
      `_${[model, message.cost_usd === null ? null : `$${message.cost_usd}`].filter(Boolean).join(" · ")}_\n\n`,
    );
  }
  return parts.join("");
}
