// Recognizing Gemini CLI chat files from their path and first bytes. JSONL: a header line with sessionId and
// projectHash (Claude Code lines have sessionId but never projectHash). Legacy: a `.json` object with messages
// and a sessionId or projectHash. Files in `.gemini/tmp/<hash>/chats/` are Gemini's whatever their head says.
const CHATS_FOLDER = /[\\/]\.gemini[\\/]tmp[\\/][^\\/]+[\\/]chats[\\/]/;

export function probeGeminiJsonl(path: string, head: string): boolean {
  try {
    if (/\.json$/i.test(path)) return false;
    if (CHATS_FOLDER.test(path) && /\.jsonl$/i.test(path)) return true;
    const text = head.trimStart();
    if (!text.startsWith("{")) return false;
    const newline = text.indexOf("\n");
    const firstLine = newline === -1 ? text : text.slice(0, newline);
    if (newline !== -1 || head.length < 65_536) {
      const value: unknown = JSON.parse(firstLine);
      return (
        typeof value === "object" &&
        value !== null &&
        "sessionId" in value &&
        typeof value.sessionId === "string" &&
        "projectHash" in value &&
        typeof value.projectHash === "string"
      );
    }
    // A first line longer than the head: judge by its keys.
    return /"sessionId"\s*:\s*"/.test(firstLine) && /"projectHash"\s*:\s*"/.test(firstLine);
  } catch {
    return false;
  }
}

export function probeGeminiLegacy(path: string, head: string): boolean {
  try {
    if (!/\.json$/i.test(path)) return false;
    if (!head.trimStart().startsWith("{")) return false;
    if (CHATS_FOLDER.test(path)) return true;
    if (!/"messages"\s*:\s*\[/.test(head)) return false;
    // Keys may be sorted (sessionId after a long messages list): a gemini message type is enough then.
    return /"(sessionId|projectHash)"\s*:\s*"/.test(head) || /"type"\s*:\s*"gemini"/.test(head);
  } catch {
    return false;
  }
}
