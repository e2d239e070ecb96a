// Finding session log files under folders (or given directly), skipping what the user excluded.
import { readdir, stat } from "node:fs/promises";
import { basename, join, matchesGlob, resolve } from "node:path";

/** Files that may hold a session: JSONL logs and Gemini's older JSON chat files. */
export function isCandidateLog(path: string): boolean {
  if (path.endsWith(".jsonl")) return true;
  // Gemini CLI before 0.40 kept each chat as one JSON document under <hash>/chats/.
  return (
    path.endsWith(".json") &&
    /[/\\]chats[/\\][^/\\]+\.json$/.test(path) &&
    !basename(path).endsWith(".meta.json")
  );
}

/** True when a path (a log file or a session's working directory) matches one of the --exclude globs. */
export function isExcluded(path: string, excludes: readonly string[]): boolean {
  return excludes.some(
    (glob) => matchesGlob(path, glob) || matchesGlob(path, `${glob.replace(/\/+$/, "")}/**`),
  );
}

export interface DiscoveredFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Every candidate log under `paths` (files are taken as they are, even with another extension, so
 * `catsyphon ingest some.log` works), in a stable order: oldest modification first, so parents usually come
 * before the sub-agents they spawned. Unreadable folders are skipped.
 */
export async function discoverLogs(
  paths: readonly string[],
  excludes: readonly string[],
): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    if (isExcluded(path, excludes)) return;
    let info;
    try {
      info = await stat(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = await readdir(path);
      } catch {
        return;
      }
      for (const entry of entries.sort()) await visit(join(path, entry), false);
      return;
    }
    if (!info.isFile()) return;
    if (explicit || isCandidateLog(path)) found.set(path, { path, size: info.size, mtimeMs: info.mtimeMs });
  };
  for (const path of paths) await visit(resolve(path), true);
  return [...found.values()].sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
}
