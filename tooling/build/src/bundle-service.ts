// One production bundle per service (decision 0055): esbuild turns a TypeScript entry and everything it imports
// into dist/<name>.mjs (+ .map), runnable as `node --enable-source-maps dist/<name>.mjs` from any working
// directory. What cannot be bundled is copied into the same dist folder, so the folder alone is the deployable.
import { cp, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { copyPackage } from "./copy-package";

export interface CopiedAsset {
  /** A file or folder to copy (absolute path). */
  from: string;
  /** Where it goes, relative to outdir. */
  to: string;
}

export interface BundleServiceOptions {
  /** The service's entry point (absolute path to a .ts file). */
  entry: string;
  /** The folder that receives the bundle; emptied first unless `keepOutdir`. */
  outdir: string;
  /** Bundle into a folder that holds other output already (the web app's standalone tree). */
  keepOutdir?: boolean;
  /** The bundle's file name without extension; "main" unless told. */
  name?: string;
  /**
   * Packages left out of the bundle and copied, whole, into outdir/node_modules (wasm glue that reads files
   * beside itself, say). Resolved from the entry's folder.
   */
  externalPackages?: string[];
  /** Packages left out of the bundle that the run-time folder provides itself (Next in its standalone tree). */
  providedPackages?: string[];
  copyAssets?: CopiedAsset[];
}

export interface BundleResult {
  /** The bundle's path. */
  file: string;
  bytes: number;
  /** Input files esbuild read, for a quick look at what went in. */
  inputs: number;
}

// ESM output has neither require nor __dirname; bundled CommonJS code (pg, Prisma's runtime, the db package's
// paths) uses both. They are defined once at the top of the bundle, from the bundle's own location.
const ESM_BANNER = [
  'import { createRequire as __catsyphonCreateRequire } from "node:module";',
  'import { fileURLToPath as __catsyphonFileURLToPath } from "node:url";',
  'import { dirname as __catsyphonDirname } from "node:path";',
  "const require = __catsyphonCreateRequire(import.meta.url);",
  "const __filename = __catsyphonFileURLToPath(import.meta.url);",
  "const __dirname = __catsyphonDirname(__filename);",
].join("\n");

// Optional peers that the bundled libraries only load when configured to (pg's native driver, Cloudflare
// sockets); nothing here configures them, and they are not installed.
const NEVER_LOADED = ["pg-native", "cloudflare:sockets"];

export async function bundleService(options: BundleServiceOptions): Promise<BundleResult> {
  const name = options.name ?? "main";
  const external = [...(options.externalPackages ?? []), ...(options.providedPackages ?? [])];
  if (!options.keepOutdir) await rm(options.outdir, { recursive: true, force: true });
  await mkdir(options.outdir, { recursive: true });
  const file = path.join(options.outdir, `${name}.mjs`);
  const result = await build({
    // The Node version check runs before anything else, as `--require @catsyphon/config/node-version` does in dev.
    stdin: {
      contents: `import "@catsyphon/config/node-version";\nimport ${JSON.stringify(options.entry)};\n`,
      resolveDir: path.dirname(options.entry),
      sourcefile: `${name}-entry.ts`,
      loader: "ts",
    },
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "linked",
    // Stack traces need the mappings only; the sources themselves would triple the map's size.
    sourcesContent: false,
    banner: { js: ESM_BANNER },
    external: [...external, ...external.map((pkg) => `${pkg}/*`), ...NEVER_LOADED],
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  for (const pkg of options.externalPackages ?? []) {
    await copyPackage(pkg, path.dirname(options.entry), path.join(options.outdir, "node_modules"));
  }
  for (const asset of options.copyAssets ?? []) {
    await cp(asset.from, path.join(options.outdir, asset.to), { recursive: true });
  }
  return { file, bytes: (await stat(file)).size, inputs: countInputs(result.metafile) };
}

function countInputs(metafile: Metafile): number {
  return Object.keys(metafile.inputs).length;
}
