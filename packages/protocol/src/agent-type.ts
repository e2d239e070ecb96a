// One spelling per agent, so `claude-code`, `Claude Code` and `claude_code` group as the same agent in every
// query. Unknown agents are welcome (any tool may speak the protocol); they are normalized the same way.
import { z } from "zod";

import { MAX_AGENT_TYPE_LENGTH, MAX_SHORT_NAME_LENGTH } from "./limits";

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

/** What a normalized agent type looks like. */
export const AGENT_TYPE_PATTERN = new RegExp(`^[a-z0-9_.]{1,${MAX_AGENT_TYPE_LENGTH}}$`);

/**
 * Lowercases, trims, turns runs of spaces and `-` into `_`, then maps aliases to canonical names.
 * The result is not validated here; `agentTypeSchema` checks it against `AGENT_TYPE_PATTERN`.
 */
export function normalizeAgentType(raw: string): string {
  const normalized = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return AGENT_TYPE_ALIASES[normalized] ?? normalized;
}

export function isKnownAgentType(value: string): value is KnownAgentType {
  return (KNOWN_AGENT_TYPES as readonly string[]).includes(value);
}

/** Accepts any spelling; outputs the normalized agent type. */
export const agentTypeSchema = z
  .string()
  .max(MAX_SHORT_NAME_LENGTH, { error: `must be at most ${MAX_SHORT_NAME_LENGTH} characters` })
  .transform(normalizeAgentType)
  .pipe(
    z.string().regex(AGENT_TYPE_PATTERN, {
      error: `must normalize to 1-${MAX_AGENT_TYPE_LENGTH} characters of a-z, 0-9, "_" or "." (e.g. claude_code)`,
    }),
  )
  .describe(
    `Agent that produced the session. Normalized: lowercased, spaces and "-" become "_", aliases map to ` +
      `${KNOWN_AGENT_TYPES.join(", ")}.`,
  );

export type AgentType = z.output<typeof agentTypeSchema>;
