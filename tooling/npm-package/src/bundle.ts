// The JavaScript of a published package: one esbuild bundle per entry, ES modules with source maps. Workspace
// packages are bundled in (they are not published); the third-party packages named `external` stay imports and
// become the package's dependencies.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { build, type Metafile } from "esbuild";

import {
  installedPackage,
  packageNameOf,
  readInstalledPackage,
  type InstalledPackage,
} from "./installed-package";
import { repoRootOf } from "./repo-root";

export interface BundleOptions {
  /** The workspace package being published. */
  packageDir: string;
  /** Output file (relative to `outdir`, e.g. "index.js") -> source entry (relative to `packageDir`). */
  entryPoints: Record<string, string>;
  outdir: string;
  /** "neutral": no Node built-ins (the SDK runs in browsers too); "node": a command line. */
  platform: "neutral" | "node";
  /** Third-party packages left as imports. */
  external: readonly string[];
  /** Prepended to each entry, e.g. a shebang line. */
  banner?: string;
}

export interface BundleResult {
  /** The third-party packages the bundle imports (a subset of `external`), as installed. */
  imported: InstalledPackage[];
  /** The third-party packages whose code is inside the bundle, as installed. */
  bundled: InstalledPackage[];
  /** The files written, relative to `outdir`. */
  files: string[];
}

const TARGET = ["es2022"];

export async function bundle(options: BundleOptions): Promise<BundleResult> {
  const outExtensions = new Set(Object.keys(options.entryPoints).map((file) => path.extname(file)));
  if (outExtensions.size !== 1) throw new Error("bundle: every entry needs the same extension (.js or .mjs)");
  const [outExtension = ".js"] = outExtensions;
  const result = await build({
    absWorkingDir: options.packageDir,
    entryPoints: Object.entries(options.entryPoints).map(([out, source]) => ({
      in: source,
      out: out.slice(0, -outExtension.length),
    })),
    outdir: options.outdir,
    outExtension: { ".js": outExtension },
    bundle: true,
    format: "esm",
    platform: options.platform,
    // "neutral" resolves no package fields by itself; "module" then "main" is what bundlers for browsers use.
    ...(options.platform === "neutral" ? { mainFields: ["module", "main"] } : {}),
    target: TARGET,
    external: options.external.flatMap((name) => [name, `${name}/*`]),
    sourcemap: "linked",
    sourcesContent: true,
    legalComments: "eof",
    ...(options.banner ? { banner: { js: options.banner } } : {}),
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const repoRoot = repoRootOf(options.packageDir);
  await mkdir(options.outdir, { recursive: true });
  const files: string[] = [];
  for (const output of result.outputFiles) {
    const contents = output.path.endsWith(".map")
      ? portableSourceMap(output.text, path.dirname(output.path), repoRoot)
      : output.contents;
    await writeFile(output.path, contents);
    files.push(path.relative(options.outdir, output.path));
  }
  return {
    imported: importedPackages(result.metafile, options),
    bundled: bundledPackages(result.metafile, options.packageDir),
    files: files.sort(),
  };
}

/**
 * Source paths relative to the repository root (`packages/sdk/src/client.ts`, `node_modules/zod/...`) instead of
 * to wherever the bundle was written: the map names no folder of the machine that built it, and two builds of the
 * same sources give the same map. The sources themselves are embedded (sourcesContent).
 */
function portableSourceMap(text: string, mapDir: string, repoRoot: string): string {
  const map = JSON.parse(text) as { sources: string[]; sourcesContent?: (string | null)[] };
  map.sources = map.sources.map((source, index) => {
    // A JSON import (a package.json's version) is inlined as one value; the whole file need not travel with it.
    if (source.endsWith(".json") && map.sourcesContent) map.sourcesContent[index] = null;
    const relative = path.relative(repoRoot, path.resolve(mapDir, source)).split(path.sep).join("/");
    if (relative.startsWith("../")) throw new Error(`bundle: source outside the repository: ${source}`);
    // pnpm's store layout (node_modules/.pnpm/<name>@<version>/node_modules/<name>/...) says nothing to a reader.
    return relative.replace(/^(?:.*\/)?node_modules\/\.pnpm\/[^/]+\/node_modules\//, "node_modules/");
  });
  return JSON.stringify(map);
}

function importedPackages(metafile: Metafile, options: BundleOptions): InstalledPackage[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external) continue;
      const name = packageNameOf(imported.path);
      if (name === undefined) continue;
      if (!options.external.includes(name))
        throw new Error(`bundle: unexpected external import ${imported.path}`);
      names.add(name);
    }
  }
  return [...names].sort().map((name) => installedPackage(options.packageDir, name));
}

function bundledPackages(metafile: Metafile, packageDir: string): InstalledPackage[] {
  const marker = "node_modules/";
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf(marker);
    if (at < 0) continue;
    const rest = input.slice(at + marker.length).split("/");
    const name = rest[0]?.startsWith("@") ? rest.slice(0, 2) : rest.slice(0, 1);
    dirs.add(path.resolve(packageDir, input.slice(0, at + marker.length) + name.join("/")));
  }
  return [...dirs].map((dir) => readInstalledPackage(dir)).sort((a, b) => a.name.localeCompare(b.name));
}
