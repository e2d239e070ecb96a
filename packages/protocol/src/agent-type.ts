// One spelling per known agent, so `claude-code`, `Claude Code` and `claude_code` group as the same agent in every
// query. Other agents are welcome (any tool may speak the protocol) and are stored as their collector names them.
import { z } from "zod";

import { MAX_AGENT_TYPE_LENGTH, MAX_SHORT_NAME_LENGTH } from "./limits";
import { hasControlCharacters } from "./primitives";

/** Canonical names of the agents CatSyphon knows how to parse. */
export const KNOWN_AGENT_TYPES = ["claude_code", "codex", "gemini"] as const;
export type KnownAgentType = (typeof KNOWN_AGENT_TYPES)[number];

/** Other spellings of the known agents (keys already lowercased with `_` separators). */
export const AGENT_TYPE_ALIASES: Readonly<Record<string, KnownAgentType>> = {
  codex_cli: "codex",
  openai_codex: "codex",
  openai_codex_cli: "codex",
  gemini_cli: "gemini",
  google_gemini_cli: "gemini",
};

/**
 * The known agent a spelling names (`claude-code`, `Claude Code`, `claude_code`, `codex_cli` ...), or undefined:
 * lowercased and trimmed, runs of spaces and `-` read as `_`, aliases mapped.
 */
export function knownAgentTypeOf(raw: string): KnownAgentType | undefined {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const known = AGENT_TYPE_ALIASES[key] ?? key;
  return isKnownAgentType(known) ? known : undefined;
}

/**
 * The canonical name where `raw` names a known agent; any other agent (`aider`, `cursor`, `my-agent`) is kept as
 * sent, trimmed, so a dashboard shows what the collector called it.
 */
export function normalizeAgentType(raw: string): string {
  return knownAgentTypeOf(raw) ?? raw.trim();
}

export function isKnownAgentType(value: string): value is KnownAgentType {
  return (KNOWN_AGENT_TYPES as readonly string[]).includes(value);
}

/** Accepts any short name; outputs the canonical name of a known agent, anything else as sent (trimmed). */
export const agentTypeSchema = z
  .string()
  .max(MAX_SHORT_NAME_LENGTH, { error: `must be at most ${MAX_SHORT_NAME_LENGTH} characters` })
  .transform(normalizeAgentType)
  .pipe(
    z
      .string()
      .min(1, { error: "must not be empty" })
      .max(MAX_AGENT_TYPE_LENGTH, { error: `must be at most ${MAX_AGENT_TYPE_LENGTH} characters` })
      .refine((value) => !hasControlCharacters(value), { error: "must not contain control characters" }),
  )
  .describe(
    `Agent that produced the session: any short name. Spellings of ${KNOWN_AGENT_TYPES.join(", ")} ` +
      `(claude-code, Claude Code, codex_cli, ...) become that name; others are kept as sent.`,
  );

export type AgentType = z.output<typeof agentTypeSchema>;
