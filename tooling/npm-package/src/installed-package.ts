// Where a package that a workspace package depends on is installed, and what its package.json says.
import { readFileSync, realpathSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";

import { z } from "zod";

const installedManifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  license: z.string().optional(),
  exports: z.unknown().optional(),
});

export interface InstalledPackage {
  name: string;
  version: string;
  license: string | undefined;
  /** The real folder (pnpm links packages; this is the target). */
  dir: string;
  exports: unknown;
}

/** A package as `packageDir` sees it: its own node_modules link, as pnpm installs direct dependencies. */
export function installedPackage(packageDir: string, name: string): InstalledPackage {
  const link = path.join(packageDir, "node_modules", ...name.split("/"));
  let dir: string;
  try {
    dir = realpathSync(link);
  } catch {
    throw new Error(`${name} is not a dependency of ${packageDir} (no ${link}): add it to its package.json`);
  }
  return readInstalledPackage(dir);
}

/** The package whose package.json is in `dir`. */
export function readInstalledPackage(dir: string): InstalledPackage {
  const manifest = installedManifestSchema.parse(
    JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")),
  );
  return {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    dir,
    exports: manifest.exports,
  };
}

/**
 * The package name of an import path ("zod/mini" -> "zod", "@scope/pkg/x" -> "@scope/pkg"), or undefined for a
 * Node built-in or a relative path.
 */
export function packageNameOf(importPath: string): string | undefined {
  if (isBuiltin(importPath) || importPath.startsWith(".") || importPath.startsWith("/")) return undefined;
  const parts = importPath.split("/");
  return importPath.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
