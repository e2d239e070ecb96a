// Completes `next build`'s standalone tree (.next/standalone, traced from the repository root) into a folder that
// runs alone: Next leaves the browser assets (.next/static) and public/ out of it, and its server.js would skip
// what the start script does (environment check, first admin, client-address header, drain), so the start script
// is bundled beside it as start.mjs. Run after every build: `next build` writes the tree anew.
import { cp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { bundleService, type BundleResult } from "@catsyphon/build";

const WEB_DIR = path.resolve(__dirname, "..", "..");
const STANDALONE_APP_DIR = path.join(WEB_DIR, ".next", "standalone", "apps", "web");

export const standaloneEntry = path.join(STANDALONE_APP_DIR, "start.mjs");

export async function completeStandalone(): Promise<BundleResult> {
  if (!existsSync(path.join(STANDALONE_APP_DIR, ".next", "required-server-files.json"))) {
    throw new Error(`${STANDALONE_APP_DIR} has no build: is output "standalone" set in next.config.ts?`);
  }
  const staticTarget = path.join(STANDALONE_APP_DIR, ".next", "static");
  await rm(staticTarget, { recursive: true, force: true });
  await cp(path.join(WEB_DIR, ".next", "static"), staticTarget, { recursive: true });
  if (existsSync(path.join(WEB_DIR, "public"))) {
    await cp(path.join(WEB_DIR, "public"), path.join(STANDALONE_APP_DIR, "public"), { recursive: true });
  }
  // Next itself is in the standalone tree (traced); everything the start script adds is bundled.
  return bundleService({
    entry: path.join(WEB_DIR, "src", "cli", "start-standalone.ts"),
    outdir: STANDALONE_APP_DIR,
    keepOutdir: true,
    name: "start",
    providedPackages: ["next"],
  });
}
