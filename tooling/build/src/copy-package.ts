// Copies one installed package, as files (pnpm's symlinks resolved), into a node_modules folder of its own.
import { existsSync } from "node:fs";
import { cp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
}

/** The folder of the package `name` as Node resolves it from `fromDir` (its package.json need not be exported). */
export async function packageDir(name: string, fromDir: string): Promise<string> {
  const entry = createRequire(path.join(fromDir, "noop.js")).resolve(name);
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifestPath = path.join(dir, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as PackageManifest;
    if (manifest.name === name) return dir;
  }
  throw new Error(`no package.json named ${name} above ${entry}`);
}

/**
 * Copies the package into `nodeModulesDir/<name>`. Only packages without dependencies of their own: a bundle's
 * externals are leaves (wasm glue), and copying a dependency tree by hand is what the bundler is for.
 */
export async function copyPackage(name: string, fromDir: string, nodeModulesDir: string): Promise<void> {
  const dir = await packageDir(name, fromDir);
  const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as PackageManifest;
  const dependencies = Object.keys(manifest.dependencies ?? {});
  if (dependencies.length > 0) {
    throw new Error(`${name} has dependencies (${dependencies.join(", ")}): bundle it instead of copying it`);
  }
  await cp(dir, path.join(nodeModulesDir, name), { recursive: true, dereference: true });
}
