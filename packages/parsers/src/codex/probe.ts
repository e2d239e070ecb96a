// Recognising a Codex rollout from its path and first bytes.
const RECORD_TYPES = new Set(["session_meta", "turn_context", "response_item", "event_msg", "compacted"]);
// A first line too long for the head (session_meta with big instructions): its envelope starts like this.
const ENVELOPE_START =
  /^\{\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"type"\s*:\s*"(session_meta|turn_context|response_item|event_msg|compacted)"/;

function isRolloutName(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  return name.startsWith("rollout-") && /\.jsonl?$/i.test(name);
}

function judgeFirstLine(value: unknown, path: string): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if ("type" in value) {
    return typeof value.type === "string" && RECORD_TYPES.has(value.type) && "payload" in value;
  }
  // Early-2025 rollouts start with a bare `{id, timestamp}` header; only trusted under a rollout file name.
  return isRolloutName(path) && "id" in value && typeof value.id === "string" && "timestamp" in value;
}

export function probeCodex(path: string, head: string): boolean {
  try {
    const text = head.trimStart();
    const newline = text.indexOf("\n");
    if (newline === -1 && !text.trimEnd().endsWith("}")) return ENVELOPE_START.test(text);
    const firstLine = (newline === -1 ? text : text.slice(0, newline)).trim();
    if (firstLine === "") return false;
    try {
      return judgeFirstLine(JSON.parse(firstLine), path);
    } catch {
      return ENVELOPE_START.test(firstLine);
    }
  } catch {
    return false;
  }
}
