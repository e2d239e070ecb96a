// The project root of a Gemini CLI chat, which the chat itself does not name (a main session's header has only
// sha256(root) as projectHash). Gemini CLI keeps it beside the chats (gemini-cli packages/core/src/config/
// projectRegistry.ts, since #17901): `~/.gemini/tmp/<slug>/.project_root` holds the root, and
// `~/.gemini/projects.json` maps roots to slugs. Folders of older CLIs are named sha256(root) and have no marker:
// the registry's root whose hash is the folder name is theirs.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, sep } from "node:path";

const HASH_FOLDER = /^[0-9a-f]{64}$/;

/** `<gemini home>` and `<slug>` of a path `<gemini home>/tmp/<slug>/chats/...`; null for any other path. */
function chatFolders(path: string): { home: string; project: string } | null {
  const parts = path.split(/[\\/]/);
  for (let index = parts.length - 2; index >= 3; index--) {
    if (parts[index] !== "chats" || parts[index - 2] !== "tmp") continue;
    const project = parts[index - 1];
    if (project === undefined || project === "") return null;
    return { home: parts.slice(0, index - 2).join(sep) || sep, project };
  }
  return null;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

/** The project root Gemini CLI recorded for the chat at `path`, or undefined when it recorded none. */
export async function geminiProjectRoot(path: string): Promise<string | undefined> {
  const folders = chatFolders(path);
  if (folders === null) return undefined;
  const marker = (await readText(join(folders.home, "tmp", folders.project, ".project_root")))?.trim();
  if (marker) return marker;
  const registry = await readText(join(folders.home, "projects.json"));
  if (registry === null) return undefined;
  let projects: unknown;
  try {
    projects = (JSON.parse(registry) as { projects?: unknown }).projects;
  } catch {
    return undefined;
  }
  if (typeof projects !== "object" || projects === null) return undefined;
  const byHash = HASH_FOLDER.test(folders.project);
  for (const [root, slug] of Object.entries(projects)) {
    if (slug === folders.project) return root;
    if (byHash && createHash("sha256").update(root).digest("hex") === folders.project) return root;
  }
  return undefined;
}
