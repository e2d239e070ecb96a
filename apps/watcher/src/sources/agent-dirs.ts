// The folders where the agents keep their session logs (DESIGN §5), overridable per agent.
import { join } from "node:path";

import { type AgentFormat } from "@catsyphon/parsers";

export interface AgentDirOverrides {
  claudeDir?: string;
  codexDir?: string;
  geminiDir?: string;
}

export interface SourceRoot {
  agent: AgentFormat;
  path: string;
}

/**
 * Roots to scan: Claude Code's projects folder, Codex's sessions and archived sessions, Gemini's tmp folder
 * (chats live in tmp/<project hash>/chats). An override names the agent's home folder (`~/.claude`), as the
 * agents' own settings do.
 */
export function agentRoots(homeDir: string, overrides: AgentDirOverrides = {}): SourceRoot[] {
  const claude = overrides.claudeDir ?? join(homeDir, ".claude");
  const codex = overrides.codexDir ?? join(homeDir, ".codex");
  const gemini = overrides.geminiDir ?? join(homeDir, ".gemini");
  return [
    { agent: "claude_code", path: join(claude, "projects") },
    { agent: "codex", path: join(codex, "sessions") },
    { agent: "codex", path: join(codex, "archived_sessions") },
    { agent: "gemini", path: join(gemini, "tmp") },
  ];
}
