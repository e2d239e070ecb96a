// Makes sure apps/web/.next holds a production build of the current sources. `next build` takes about 50-100 s of a
// two-core machine, so a build is reused while its inputs are unchanged: a digest of the app's sources and of the
// workspace packages it bundles is kept beside it (.next/catsyphon-inputs). Used by the start script (so
// `pnpm start` works from a fresh clone) and by the tests' global setup (decision 0032).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { nextProcessEnv } from "./env";

const WEB_DIR = path.resolve(__dirname, "..", "..");
const REPO_ROOT = path.resolve(WEB_DIR, "..", "..");
const DIGEST_FILE = path.join(WEB_DIR, ".next", "catsyphon-inputs");

const INPUTS = [
  "apps/web/src/app",
  "apps/web/src/features",
  "apps/web/src/server",
  "apps/web/next.config.ts",
  "apps/web/package.json",
  "apps/web/tsconfig.json",
  "packages/accounts/src",
  "packages/config/src",
  "packages/db/src",
  "packages/logger/src",
  "packages/protocol/src",
  "pnpm-lock.yaml",
];

function files(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => (name === "node_modules" ? [] : files(path.join(entry, name))));
}

function inputsDigest(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(path.join(REPO_ROOT, input))) {
      hash.update(path.relative(REPO_ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

/** Builds unless the last build was made from the same inputs; returns whether it built. */
export function buildIfStale(log: (message: string) => void = () => undefined): boolean {
  const digest = inputsDigest();
  if (existsSync(DIGEST_FILE) && readFileSync(DIGEST_FILE, "utf8") === digest) return false;
  log("building the web app (no build yet, or its sources changed): next build");
  const nextBin = require.resolve("next/dist/bin/next", { paths: [WEB_DIR] });
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: WEB_DIR,
    env: nextProcessEnv(),
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  writeFileSync(DIGEST_FILE, digest);
  return true;
}
