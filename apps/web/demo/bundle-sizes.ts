// The client JavaScript and CSS each page loads, read from the production build in apps/web/.next: the shared root
// chunks of build-manifest.json plus the entry chunks of the page and its layouts from the page's client reference
// manifest (server/app/<route>/page_client-reference-manifest.js), each file counted once, raw and gzipped.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { runInNewContext } from "node:vm";
import { z } from "zod";

const NEXT_DIR = path.resolve(__dirname, "..", ".next");

const buildManifestSchema = z.object({ rootMainFiles: z.array(z.string()) });
const clientReferenceManifestSchema = z.record(
  z.string(),
  z.object({
    entryJSFiles: z.record(z.string(), z.array(z.string())).default({}),
    entryCSSFiles: z
      .record(z.string(), z.array(z.union([z.string(), z.object({ path: z.string() })])))
      .default({}),
  }),
);

export interface PageBundle {
  /** "/(dashboard)/conversations/[id]/page" as Next names it */
  route: string;
  jsFiles: number;
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
}

function manifests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page_client-reference-manifest.js")
    .map((file) => path.join(dir, file));
}

function sizes(files: Iterable<string>): { bytes: number; gzipBytes: number; count: number } {
  let bytes = 0;
  let gzipBytes = 0;
  let count = 0;
  for (const file of files) {
    const content = readFileSync(path.join(NEXT_DIR, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
    count += 1;
  }
  return { bytes, gzipBytes, count };
}

/** Static file paths as .next holds them ("static/chunks/x.js"; manifests write some with a /_next/ prefix). */
const asBuildPath = (file: string) => file.replace(/^\/?_next\//, "").replace(/^\//, "");

export function pageBundles(): PageBundle[] {
  const buildManifest = path.join(NEXT_DIR, "build-manifest.json");
  if (!existsSync(buildManifest))
    throw new Error(`no build in ${NEXT_DIR}: run pnpm --filter @catsyphon/web build`);
  const root = buildManifestSchema.parse(JSON.parse(readFileSync(buildManifest, "utf8"))).rootMainFiles;
  const bundles: PageBundle[] = [];
  for (const file of manifests(path.join(NEXT_DIR, "server", "app"))) {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST[route]; run it in an empty context.
    const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: unknown } = {};
    sandbox.globalThis = sandbox;
    runInNewContext(readFileSync(file, "utf8"), sandbox);
    for (const [route, manifest] of Object.entries(
      clientReferenceManifestSchema.parse(sandbox.__RSC_MANIFEST),
    )) {
      if (route.startsWith("/_")) continue;
      const js = new Set(root.map(asBuildPath));
      for (const chunks of Object.values(manifest.entryJSFiles))
        for (const chunk of chunks) js.add(asBuildPath(chunk));
      const css = new Set<string>();
      for (const entries of Object.values(manifest.entryCSSFiles)) {
        for (const entry of entries) css.add(asBuildPath(typeof entry === "string" ? entry : entry.path));
      }
      const jsSizes = sizes(js);
      const cssSizes = sizes(css);
      bundles.push({
        route,
        jsFiles: jsSizes.count,
        jsBytes: jsSizes.bytes,
        jsGzipBytes: jsSizes.gzipBytes,
        cssBytes: cssSizes.bytes,
        cssGzipBytes: cssSizes.gzipBytes,
      });
    }
  }
  return bundles.sort((a, b) => a.route.localeCompare(b.route));
}
