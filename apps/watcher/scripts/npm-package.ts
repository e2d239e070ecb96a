// The npm package @catsyphon/cli (decision 0059): the `catsyphon` command as one bundled ES module with everything
// it runs inside (workspace packages, chokidar, zod), so `npm i -g @catsyphon/cli` installs a single package with
// no dependencies to resolve, and runs it with plain node.
import path from "node:path";

import { writeNpmPackage, type WrittenPackage } from "@catsyphon/npm-package";

export const WATCHER_DIR = path.resolve(__dirname, "..");
/** Where `pnpm build` writes it: `npm publish apps/watcher/dist/npm` publishes it. */
export const CLI_NPM_PACKAGE_DIR = path.join(WATCHER_DIR, "dist", "npm");
export const CLI_BIN = "catsyphon.mjs";

export function writeCliNpmPackage(outDir: string = CLI_NPM_PACKAGE_DIR): Promise<WrittenPackage> {
  return writeNpmPackage({
    packageDir: WATCHER_DIR,
    outDir,
    fields: {
      name: "@catsyphon/cli",
      keywords: ["catsyphon", "claude-code", "codex", "gemini-cli", "sessions", "cli"],
      bin: { catsyphon: `./dist/${CLI_BIN}` },
    },
    entryPoints: { [CLI_BIN]: "src/bin.ts" },
    platform: "node",
    external: [],
    range: "exact",
    banner: "#!/usr/bin/env node",
    executables: [CLI_BIN],
  });
}
