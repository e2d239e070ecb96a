// The npm package @catsyphon/sdk (decision 0058): the SDK bundled to one ES module for Node and browsers, with
// @catsyphon/protocol bundled in (code and types) and zod, which its types expose, as a dependency.
import path from "node:path";

import { writeNpmPackage, type WrittenPackage } from "@catsyphon/npm-package";

export const SDK_DIR = path.resolve(__dirname, "..");
/** Where `pnpm build` writes it: `npm publish packages/sdk/dist/npm` publishes it. */
export const SDK_NPM_PACKAGE_DIR = path.join(SDK_DIR, "dist", "npm");

export function writeSdkNpmPackage(outDir: string = SDK_NPM_PACKAGE_DIR): Promise<WrittenPackage> {
  return writeNpmPackage({
    packageDir: SDK_DIR,
    outDir,
    fields: {
      name: "@catsyphon/sdk",
      keywords: ["catsyphon", "ai", "coding-agent", "sessions", "collector", "sdk"],
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
        "./package.json": "./package.json",
      },
      sideEffects: false,
    },
    entryPoints: { "index.js": "src/index.ts" },
    platform: "neutral",
    external: ["zod"],
    range: "caret",
    // No global types: the declarations must not need @types/node, since browsers have none.
    declarations: {
      entry: "src/index.ts",
      out: "index.d.ts",
      inline: ["@catsyphon/protocol"],
      globalTypes: [],
    },
  });
}
