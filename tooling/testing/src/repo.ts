import { existsSync } from "node:fs";
import path from "node:path";

/** The monorepo root (the folder holding pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("pnpm-workspace.yaml not found above " + __dirname);
    dir = parent;
  }
  return dir;
}
