// The type declarations of a published package: one .d.ts per entry, with the types of workspace packages
// written into it (they are not published), so that a consumer's TypeScript needs only the package and its
// dependencies. Built by dts-bundle-generator from the sources.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { generateDtsBundle } from "dts-bundle-generator";

import { installedPackage } from "./installed-package";

export interface DeclarationsOptions {
  packageDir: string;
  /** Source entry, relative to `packageDir`. */
  entry: string;
  outFile: string;
  /** Workspace packages whose types are written in (their "." export must be a TypeScript source). */
  inline: readonly string[];
  /** Third-party packages the declarations may import (the published package's dependencies). */
  imported: readonly string[];
  /** Global type packages (tsconfig `types`); [] proves the types need none, e.g. no @types/node for a browser. */
  globalTypes?: readonly string[];
}

export async function bundleDeclarations(options: DeclarationsOptions): Promise<string> {
  const configDir = await mkdtemp(path.join(tmpdir(), "catsyphon-declarations-"));
  try {
    // A workspace package resolves through node_modules, which TypeScript takes for an external library whose
    // types would stay an import; mapping its name to its sources makes it part of the program instead.
    const paths = Object.fromEntries(
      options.inline.map((name) => [name, [workspaceEntry(options.packageDir, name)]]),
    );
    const config = path.join(configDir, "tsconfig.json");
    await writeFile(
      config,
      JSON.stringify({
        extends: path.join(options.packageDir, "tsconfig.json"),
        compilerOptions: {
          paths,
          typeRoots: [path.join(options.packageDir, "node_modules", "@types")],
          ...(options.globalTypes ? { types: options.globalTypes } : {}),
        },
        include: [],
        files: [path.join(options.packageDir, options.entry)],
      }),
    );
    const [text] = generateDtsBundle(
      [
        {
          filePath: path.join(options.packageDir, options.entry),
          output: { noBanner: true, exportReferencedTypes: false },
          libraries: { importedLibraries: [...options.imported] },
        },
      ],
      { preferredConfigPath: config },
    );
    if (text === undefined) throw new Error("dts-bundle-generator returned nothing");
    const stray = importedModules(text).filter((name) => !options.imported.includes(name));
    if (stray.length > 0)
      throw new Error(`declarations import packages that are not dependencies: ${stray.join(", ")}`);
    await writeFile(options.outFile, text);
    return text;
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
}

function workspaceEntry(packageDir: string, name: string): string {
  const installed = installedPackage(packageDir, name);
  const exports = installed.exports as Record<string, unknown> | undefined;
  const entry = exports?.["."];
  if (typeof entry !== "string" || !entry.endsWith(".ts")) {
    throw new Error(`${name}: its "." export is not a TypeScript source (${JSON.stringify(entry)})`);
  }
  return path.join(installed.dir, entry);
}

/** Package names a declaration file imports or references. */
export function importedModules(declarations: string): string[] {
  const names = new Set<string>();
  const patterns = [
    /\bfrom\s+["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\/\/\/\s*<reference\s+types=["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) {
    for (const match of declarations.matchAll(pattern)) {
      const specifier = match[1] ?? "";
      const name = specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : specifier.split("/")[0];
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}
