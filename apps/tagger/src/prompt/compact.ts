// The transcript squeezed into a fixed budget of characters, secrets redacted, so a 10,000-message session
// costs what a 200-message one does: the first prompt, the errors, a sample of the middle and the last messages,
// under a header of counts (tools and their outcomes) the rules already computed.
import { redactText } from "@catsyphon/redaction";

import { type RuleTags } from "../rules/rule-tags";
import { type Transcript, type TranscriptMessage } from "../transcript";

// Shares of the budget; what a section leaves unused goes to the last messages.
const FIRST_PROMPT_SHARE = 0.2;
const ERRORS_SHARE = 0.15;
const MIDDLE_SHARE = 0.2;
const SNIPPET_CHARS = 400;
const LAST_SNIPPET_CHARS = 1_200;
// A private key cut before its END line no longer matches the pattern; the rest of it must not show.
const DANGLING_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*$/;

/** Secrets replaced, then cut to `max` characters (redacting a bounded prefix, never a whole huge field). */
export function snippet(text: string, max: number): string {
  const bounded = redactText(text.slice(0, max * 4)).replace(DANGLING_PRIVATE_KEY, "[REDACTED:private_key]");
  const flat = bounded.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function json(value: unknown): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

function line(message: TranscriptMessage, max: number): string {
  const head = `[#${message.sequence} ${message.role}/${message.type}]`;
  if (message.type === "tool_call") {
    const calls = message.toolCalls.map((call) => {
      const verdict = call.success === false ? " -> failed" : call.success === true ? " -> ok" : "";
      return `${call.toolName ?? "tool"}(${json(call.parameters)})${verdict}`;
    });
    return `${head} ${snippet(calls.join("; "), max)}`;
  }
  if (message.type === "error")
    return `${head} ${snippet(`${message.errorType ?? "error"}: ${message.content}`, max)}`;
  return `${head} ${snippet(message.content, max)}`;
}

/** Lines taken in order while they fit in `budget` characters. */
function fill(lines: Iterable<string>, budget: number): { text: string[]; used: number } {
  const text: string[] = [];
  let used = 0;
  for (const entry of lines) {
    if (used + entry.length + 1 > budget) break;
    text.push(entry);
    used += entry.length + 1;
  }
  return { text, used };
}

function header(transcript: Transcript, rules: RuleTags): string {
  const tools = Object.entries(rules.tools_used)
    .slice(0, 30)
    .map(([name, count]) => `${name}×${count}`)
    .join(", ");
  return [
    `Agent: ${transcript.agentType}. Messages: ${transcript.messages.length} (${rules.user_message_count} from the user).`,
    `Tools: ${tools || "none"}. Tool failures: ${rules.tool_failures}, retries: ${rules.tool_retries}.`,
    `Errors: ${rules.error_count}. Interruptions: ${rules.interruptions}. Files touched: ${rules.files_touched_count} (${Object.keys(rules.languages).join(", ") || "no known language"}).`,
    `Test runs: ${rules.test_runs.count}${rules.test_runs.last_passed === null ? "" : `, last ${rules.test_runs.last_passed ? "passed" : "failed"}`}.`,
  ].join("\n");
}

/** The compacted transcript, at most `maxChars` characters. */
export function compactTranscript(transcript: Transcript, rules: RuleTags, maxChars: number): string {
  const messages = transcript.messages.filter((message) => message.type !== "thinking");
  const top = snippet(header(transcript, rules), Math.floor(maxChars * 0.1));
  let budget = maxChars - top.length - 200;
  const sections: string[] = [top];
  const firstIndex = messages.findIndex((message) => message.role === "human" && message.type === "prompt");
  const first = messages[firstIndex];
  if (first) {
    const text = line(first, Math.floor(maxChars * FIRST_PROMPT_SHARE));
    sections.push(`First prompt:\n${text}`);
    budget -= text.length + 15;
  }
  // The last messages, walking back from the end, get what the other sections leave.
  const tailBudget = Math.max(0, budget - Math.floor(maxChars * (ERRORS_SHARE + MIDDLE_SHARE)));
  const tail: string[] = [];
  let tailUsed = 0;
  let tailStart = messages.length;
  for (let index = messages.length - 1; index > firstIndex; index -= 1) {
    const message = messages[index];
    if (!message) continue;
    const text = line(message, LAST_SNIPPET_CHARS);
    if (tailUsed + text.length + 1 > tailBudget) break;
    tail.unshift(text);
    tailUsed += text.length + 1;
    tailStart = index;
  }
  budget -= tailUsed;
  const errors = fill(
    messages
      .slice(firstIndex + 1, tailStart)
      .filter(
        (message) => message.type === "error" || message.toolCalls.some((call) => call.success === false),
      )
      .map((message) => line(message, SNIPPET_CHARS)),
    Math.min(budget, Math.floor(maxChars * ERRORS_SHARE)),
  );
  if (errors.text.length > 0)
    sections.push(`Errors and failed tool calls before the end:\n${errors.text.join("\n")}`);
  budget -= errors.used;
  const middle = messages
    .slice(firstIndex + 1, tailStart)
    .filter((message) => message.type !== "tool_result");
  const middleBudget = Math.min(budget, Math.floor(maxChars * MIDDLE_SHARE));
  const samples = Math.max(0, Math.min(middle.length, Math.floor(middleBudget / (SNIPPET_CHARS / 2))));
  if (samples > 0) {
    const step = middle.length / samples;
    const picked = Array.from({ length: samples }, (_, i) => middle[Math.floor(i * step)]).filter(
      (message): message is TranscriptMessage => message !== undefined,
    );
    const sample = fill(
      picked.map((message) => line(message, SNIPPET_CHARS / 2)),
      middleBudget,
    );
    sections.push(
      `A sample of the middle (${sample.text.length} of ${middle.length} messages):\n${sample.text.join("\n")}`,
    );
  }
  if (tail.length > 0) sections.push(`The last ${tail.length} messages:\n${tail.join("\n")}`);
  // A second pass over the whole (cheap at this size) catches a secret split across two snippets' joins.
  return redactText(sections.join("\n\n")).slice(0, maxChars);
}
