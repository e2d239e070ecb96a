// The package.json of a published package: written from the workspace package's own (version, description) and
// the repository's license, with dependencies only on what the bundle imports, at the versions installed here.
import { z } from "zod";

import { type InstalledPackage } from "./installed-package";

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export const workspaceManifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().regex(SEMVER, "version must be plain semver (x.y.z)"),
  description: z.string().min(1),
  license: z.string().min(1).optional(),
});
export type WorkspaceManifest = z.infer<typeof workspaceManifestSchema>;

export const rootManifestSchema = z.object({ license: z.string().min(1) });

/** What a published package says about itself beyond what the workspace package gives. */
export interface PublishedFields {
  name: string;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files: string[];
  engines: { node: string };
  sideEffects?: boolean;
  keywords?: string[];
}

/** "caret": a library shares its dependencies with its host (^x.y.z); "exact": a command runs what was tested. */
export type DependencyRange = "caret" | "exact";

export interface PublishedManifest extends PublishedFields {
  version: string;
  description: string;
  license: string;
  type: "module";
  dependencies?: Record<string, string>;
}

export function publishableManifest(options: {
  workspace: WorkspaceManifest;
  rootLicense: string;
  fields: PublishedFields;
  dependencies: readonly InstalledPackage[];
  range: DependencyRange;
}): PublishedManifest {
  const { workspace, fields } = options;
  const dependencies = Object.fromEntries(
    options.dependencies.map((dependency) => [
      dependency.name,
      options.range === "caret" ? `^${dependency.version}` : dependency.version,
    ]),
  );
  const manifest: PublishedManifest = {
    name: fields.name,
    version: workspace.version,
    description: workspace.description,
    ...(fields.keywords ? { keywords: fields.keywords } : {}),
    license: workspace.license ?? options.rootLicense,
    type: "module",
    ...(fields.exports ? { exports: fields.exports } : {}),
    ...(fields.bin ? { bin: fields.bin } : {}),
    files: fields.files,
    ...(fields.sideEffects !== undefined ? { sideEffects: fields.sideEffects } : {}),
    engines: fields.engines,
    ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
  };
  const problems = publishProblems(manifest);
  if (problems.length > 0) throw new Error(`${fields.name} is not publishable: ${problems.join("; ")}`);
  return manifest;
}

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
] as const;
/** Specifiers that mean something only inside this repository (pnpm's workspace and catalog protocols, paths). */
const LOCAL_SPECIFIER = /^(?:workspace|catalog|file|link|portal):/;

/** Why a package.json could not be installed from the registry by someone outside this repository. */
export function publishProblems(manifest: Record<string, unknown> | PublishedManifest): string[] {
  const record = manifest as Record<string, unknown>;
  const problems: string[] = [];
  if (record.private === true) problems.push("it is private");
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = record[field];
    if (dependencies === undefined) continue;
    for (const [name, specifier] of Object.entries(dependencies as Record<string, unknown>)) {
      if (typeof specifier !== "string" || LOCAL_SPECIFIER.test(specifier)) {
        problems.push(`${field}.${name} is ${JSON.stringify(specifier)}`);
      } else if (name.startsWith("@catsyphon/")) {
        problems.push(`${field}.${name}: workspace packages are bundled, not depended on`);
      }
    }
  }
  return problems;
}
