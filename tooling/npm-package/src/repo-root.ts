import { existsSync } from "node:fs";
import path from "node:path";

/** The monorepo root above `from` (the folder holding pnpm-workspace.yaml). */
export function repoRootOf(from: string): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`pnpm-workspace.yaml not found above ${from}`);
    dir = parent;
  }
  return dir;
}
