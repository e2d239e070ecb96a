// Who a rollout belongs to: its id, its parent thread, and the facts session_start carries.
import { type JsonObject, safeName, safePath } from "./limits";
import { type SessionMeta, threadSpawnSchema } from "./schemas";

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const NAME_TIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})/;

function baseName(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  return name.replace(/\.jsonl?$/i, "");
}

/** Fallback session id: the UUID that ends a rollout's file name, else the file name without extension. */
export function sessionIdFromPath(path: string): string {
  const name = baseName(path);
  return safeName(UUID_AT_END.exec(name)?.[1] ?? name, "codex-session");
}

/** The time in a rollout's file name (`rollout-2026-01-03T04-05-10-...`), read as UTC; null when absent. */
export function timeFromPath(path: string): number | null {
  const match = NAME_TIME.exec(baseName(path));
  if (match === null) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  return Number.isNaN(ms) ? null : ms;
}

/** What session_meta says about this thread. */
export interface SessionFacts {
  sessionId: string | null;
  parentSessionId: string | null;
  isSubagent: boolean;
  cwd: string | null;
  agentVersion: string | null;
  /** Extra session_start fields (snake_case). */
  info: JsonObject;
}

function put(info: JsonObject, key: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== "") info[key] = safeName(value, value);
}

export function sessionFacts(meta: SessionMeta): SessionFacts {
  const source = meta.source;
  const subagent =
    typeof source === "object" && source !== null && "subagent" in source ? source.subagent : undefined;
  const spawnRaw =
    typeof subagent === "object" && subagent !== null && "thread_spawn" in subagent
      ? subagent.thread_spawn
      : undefined;
  const spawn = threadSpawnSchema.safeParse(spawnRaw ?? {});
  const thread = spawn.success ? spawn.data : {};
  const info: JsonObject = {};
  put(info, "originator", meta.originator);
  put(info, "model_provider", meta.model_provider);
  if (typeof source === "string") put(info, "source", source);
  else if (subagent !== undefined) info.source = "subagent";
  put(info, "forked_from_id", thread.forked_from_id ?? meta.forked_from_id);
  put(info, "spawned_by_tool_use_id", thread.spawn_call_id);
  put(info, "agent_nickname", thread.agent_nickname ?? meta.agent_nickname);
  put(info, "agent_role", thread.agent_role ?? meta.agent_role);
  put(info, "git_branch", meta.git?.branch);
  put(info, "git_commit", meta.git?.commit_hash);
  put(info, "git_repository_url", meta.git?.repository_url);
  const parent = thread.parent_thread_id ?? meta.parent_thread_id ?? meta.forked_from_id ?? null;
  return {
    sessionId: meta.id ? safeName(meta.id, meta.id) : null,
    parentSessionId: parent ? safeName(parent, parent) : null,
    isSubagent: subagent !== undefined,
    cwd: safePath(meta.cwd) ?? null,
    agentVersion: meta.cli_version ? safeName(meta.cli_version, "unknown") : null,
    info,
  };
}
