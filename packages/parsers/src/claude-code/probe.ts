// Recognizing a Claude Code session file from its path and first bytes (which may end mid-line).
const CONVERSATION_TYPES = new Set(["user", "assistant", "tool-result"]);
const OTHER_TYPES = new Set([
  "system",
  "attachment",
  "progress",
  "file-history-snapshot",
  "queue-operation",
  "custom-title",
  "ai-title",
  "agent-name",
  "last-prompt",
  "permission-mode",
  "mode",
  "pr-link",
  "worktree-state",
]);
const MAX_PROBED_LINES = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether one parsed line looks like a Claude Code record. */
function looksLikeClaudeLine(value: Record<string, unknown>): boolean {
  const type = value.type;
  const message = value.message;
  if (typeof type === "string") {
    if (CONVERSATION_TYPES.has(type)) return isObject(message) && ("sessionId" in value || "uuid" in value);
    if (type === "summary") return typeof value.summary === "string" && "leafUuid" in value;
    if (OTHER_TYPES.has(type)) return typeof value.sessionId === "string" || typeof value.uuid === "string";
    return false;
  }
  // ccusage-style lines without `type`: an assistant/user message with Claude request or session ids.
  return (
    isObject(message) &&
    (message.role === "assistant" || message.role === "user") &&
    (typeof value.requestId === "string" || typeof value.sessionId === "string")
  );
}

export function probeClaudeCode(path: string, head: string): boolean {
  try {
    const normalized = path.replaceAll("\\", "/");
    if (!normalized.endsWith(".jsonl")) return false;
    if (head.trim() === "") return normalized.includes("/.claude/projects/");
    const lines = head.split("\n");
    // The last piece may be cut mid-line; it only counts when it is the only one and parses anyway.
    const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
    let checked = 0;
    for (const raw of complete) {
      const text = raw.trim();
      if (text === "") continue;
      checked += 1;
      if (checked > MAX_PROBED_LINES) break;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (isObject(value) && looksLikeClaudeLine(value)) return true;
    }
    // A first line longer than the head: judge from its opening.
    if (checked === 0 || lines.length === 1) {
      const start = head.trimStart();
      const opening = start.slice(0, 4096);
      return (
        start.startsWith("{") &&
        (opening.includes('"sessionId"') || opening.includes('"parentUuid"')) &&
        (opening.includes('"isSidechain"') ||
          opening.includes('"userType"') ||
          /"type"\s*:\s*"(user|assistant|system|summary)"/.test(opening))
      );
    }
    return false;
  } catch {
    return false;
  }
}
