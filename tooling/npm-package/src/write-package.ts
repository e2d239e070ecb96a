// Writes the folder of a publishable npm package (what `npm publish <folder>` sends):
//   package.json   from the workspace package's, with registry versions only
//   README.md      the workspace package's README without its workspace-only parts
//   LICENSE        the repository's, when it has one
//   dist/          the bundle, its source maps, bundled declarations, notices of bundled third-party code
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";

import { requiredNodeVersion } from "@catsyphon/config/node-version";

import { bundle, type BundleOptions } from "./bundle";
import { bundleDeclarations } from "./declarations";
import {
  type DependencyRange,
  publishableManifest,
  type PublishedFields,
  type PublishedManifest,
  rootManifestSchema,
  workspaceManifestSchema,
} from "./manifest";
import { thirdPartyNotices } from "./notices";
import { publishedReadme } from "./readme";
import { repoRootOf } from "./repo-root";

export interface NpmPackageSpec {
  packageDir: string;
  outDir: string;
  fields: Omit<PublishedFields, "files" | "engines">;
  /** Output file under dist/ -> source entry (relative to `packageDir`). */
  entryPoints: Record<string, string>;
  platform: BundleOptions["platform"];
  external: readonly string[];
  range: DependencyRange;
  banner?: string;
  /** dist/<out> from <entry>, with the types of the `inline` workspace packages written in. */
  declarations?: { entry: string; out: string; inline: readonly string[]; globalTypes?: readonly string[] };
  /** Files under dist/ that are commands. */
  executables?: readonly string[];
}

export interface WrittenPackage {
  dir: string;
  manifest: PublishedManifest;
  /** Every file written, relative to `dir`, sorted. */
  files: string[];
}

export const DIST = "dist";

export async function writeNpmPackage(spec: NpmPackageSpec): Promise<WrittenPackage> {
  const repoRoot = repoRootOf(spec.packageDir);
  const dist = path.join(spec.outDir, DIST);
  await rm(spec.outDir, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  const bundled = await bundle({
    packageDir: spec.packageDir,
    entryPoints: spec.entryPoints,
    outdir: dist,
    platform: spec.platform,
    external: spec.external,
    ...(spec.banner ? { banner: spec.banner } : {}),
  });
  const files = bundled.files.map((file) => `${DIST}/${file}`);

  if (spec.declarations) {
    await bundleDeclarations({
      packageDir: spec.packageDir,
      entry: spec.declarations.entry,
      outFile: path.join(dist, spec.declarations.out),
      inline: spec.declarations.inline,
      ...(spec.declarations.globalTypes ? { globalTypes: spec.declarations.globalTypes } : {}),
      imported: bundled.imported.map((dependency) => dependency.name),
    });
    files.push(`${DIST}/${spec.declarations.out}`);
  }
  if (bundled.bundled.length > 0) {
    await writeFile(path.join(dist, "THIRD-PARTY-NOTICES.md"), await thirdPartyNotices(bundled.bundled));
    files.push(`${DIST}/THIRD-PARTY-NOTICES.md`);
  }
  for (const executable of spec.executables ?? []) await chmod(path.join(dist, executable), 0o755);

  const workspace = workspaceManifestSchema.parse(await readJson(path.join(spec.packageDir, "package.json")));
  const root = rootManifestSchema.parse(await readJson(path.join(repoRoot, "package.json")));
  const manifest = publishableManifest({
    workspace,
    rootLicense: root.license,
    fields: { ...spec.fields, files: [DIST], engines: { node: `>=${requiredNodeVersion}` } },
    dependencies: bundled.imported,
    range: spec.range,
  });
  await writeFile(path.join(spec.outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  files.push("package.json");

  const readme = await readFile(path.join(spec.packageDir, "README.md"), "utf8");
  await writeFile(path.join(spec.outDir, "README.md"), publishedReadme(readme));
  files.push("README.md");

  const license = path.join(repoRoot, "LICENSE");
  if (existsSync(license)) {
    await copyFile(license, path.join(spec.outDir, "LICENSE"));
    files.push("LICENSE");
  }
  return { dir: spec.outDir, manifest, files: files.sort() };
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8")) as unknown;
}
