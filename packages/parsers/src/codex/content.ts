// Reading message text out of Codex content blocks, and telling what a person typed from what Codex injected.
import { type ContentBlock } from "./schemas";

const TEXT_BLOCKS = new Set(["input_text", "output_text", "text", "summary_text", "reasoning_text"]);

/** The text blocks of a content value (a string or a list of blocks); images and encrypted parts are skipped. */
export function textsOf(content: string | ContentBlock[] | null | undefined): string[] {
  if (typeof content === "string") return content === "" ? [] : [content];
  const texts: string[] = [];
  for (const block of content ?? []) {
    if (typeof block.text === "string" && block.text !== "" && TEXT_BLOCKS.has(block.type ?? "text")) {
      texts.push(block.text);
    }
  }
  return texts;
}

// Wrappers Codex puts around text it adds to the user role itself (environment, instructions, notices).
const INJECTED_TAGS = [
  "environment_context",
  "user_instructions",
  "user_shell_command",
  "turn_aborted",
  "permissions instructions",
  "collaboration_mode",
  "subagent_notification",
  "skill",
  "personality_spec",
  "apps_instructions",
  "INSTRUCTIONS",
];
const INJECTED_PREFIXES = ["# AGENTS.md instructions", "<image name=", "</image>"];

/** Whether a user-role text was written by Codex, not typed by the person. */
export function isInjected(text: string): boolean {
  const head = text.trimStart().slice(0, 80);
  if (INJECTED_PREFIXES.some((prefix) => head.startsWith(prefix))) return true;
  if (!head.startsWith("<")) return false;
  return INJECTED_TAGS.some((tag) => head.startsWith(`<${tag}>`) || head.startsWith(`<${tag} `));
}

/**
 * A short fingerprint of a text (length + FNV-1a), so the state can recognise Codex's second copy of a message
 * without keeping the text itself.
 */
export function fingerprint(text: string): string {
  const trimmed = text.trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < trimmed.length; i++) {
    hash ^= trimmed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${trimmed.length}:${(hash >>> 0).toString(16)}`;
}
