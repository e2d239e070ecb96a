// Session identity from the file path and the first conversation line. Sub-agents are their own sessions, with
// ids `<parentSessionId>:agent-<agentId>`, in both layouts: `<parent>/subagents/[workflows/<run>/]agent-<id>.jsonl`
// and the older `agent-<id>.jsonl` beside the parent file (whose records carry the parent's sessionId).
import { type ClaudeIdentity } from "./state";
import { cleanName } from "./limits";

const AGENT_FILE = /^agent-(.+)\.jsonl$/;

function segments(path: string): string[] {
  return path.split(/[\\/]+/).filter((segment) => segment !== "");
}

/** File name without `.jsonl` (fallback session id). */
export function fileStem(path: string): string {
  const base = segments(path).at(-1) ?? "";
  return base.endsWith(".jsonl") ? base.slice(0, -".jsonl".length) : base;
}

export interface FirstLineFacts {
  sessionId: string | undefined;
  agentId: string | undefined;
  isSidechain: boolean;
}

export function resolveIdentity(path: string, facts: FirstLineFacts): ClaudeIdentity {
  const parts = segments(path);
  const base = parts.at(-1) ?? "";
  const fromPath = AGENT_FILE.exec(base)?.[1];
  const stem = cleanName(fileStem(path)) ?? "unknown-session";
  if (fromPath !== undefined) {
    const folder = parts.lastIndexOf("subagents");
    const parent = cleanName(folder > 0 ? parts[folder - 1] : undefined) ?? facts.sessionId;
    return subagent(parent, cleanName(fromPath) ?? stem, stem);
  }
  if (facts.agentId !== undefined && facts.isSidechain) {
    return subagent(facts.sessionId, facts.agentId, stem);
  }
  return { sessionId: facts.sessionId ?? stem, parentSessionId: null, agentId: null, subagent: false };
}

function subagent(parent: string | undefined, agentId: string, stem: string): ClaudeIdentity {
  if (parent === undefined) return { sessionId: stem, parentSessionId: null, agentId, subagent: true };
  return {
    sessionId: cleanName(`${parent}:agent-${agentId}`) ?? stem,
    parentSessionId: parent,
    agentId,
    subagent: true,
  };
}

/** Path of a sub-agent file's `.meta.json` sidecar. */
export function metaSidecarPath(path: string): string {
  return path.endsWith(".jsonl") ? `${path.slice(0, -".jsonl".length)}.meta.json` : `${path}.meta.json`;
}
