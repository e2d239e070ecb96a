// Makes sure apps/web/.next holds a production build of the current sources. `next build` takes about 50-100 s of a
// two-core machine, so a build is reused while its inputs are unchanged: a digest of the app's sources and of the
// workspace packages it bundles is kept beside it (.next/catsyphon-inputs); each build also completes the standalone
// tree (standalone.ts). Used by the start script (so `pnpm start` works from a fresh clone) and by the tests' global
// setup (decision 0032).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { nextProcessEnv } from "./env";

const WEB_DIR = path.resolve(__dirname, "..", "..");
const REPO_ROOT = path.resolve(WEB_DIR, "..", "..");
const DIGEST_FILE = path.join(WEB_DIR, ".next", "catsyphon-inputs");
const COMPLETE_STANDALONE = path.join(WEB_DIR, "src", "cli", "complete-standalone.ts");

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
  "packages/queue/src",
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

const LOCK_DIR = path.join(WEB_DIR, ".next-build.lock");
// A build takes a few minutes at most here; a lock older than this was left by a process that died.
const STALE_LOCK_MS = 15 * 60_000;

/**
 * Runs `build` while holding a lock directory beside .next: two processes (the web tests' setup and a `pnpm start`
 * run by the launcher's tests, say) must not run `next build` into the same folder at once.
 */
function withBuildLock<T>(build: () => T): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      else Atomics.wait(sleeper, 0, 0, 500);
    }
  }
  try {
    return build();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

const current = (digest: string) => existsSync(DIGEST_FILE) && readFileSync(DIGEST_FILE, "utf8") === digest;

/** Builds unless the last build was made from the same inputs; returns whether it built. */
export function buildIfStale(log: (message: string) => void = () => undefined): boolean {
  const digest = inputsDigest();
  if (current(digest)) return false;
  return withBuildLock(() => {
    // Another process may have built while this one waited.
    if (current(digest)) return false;
    return buildNow(digest, log);
  });
}

function buildNow(digest: string, log: (message: string) => void): boolean {
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
  // `next build` writes .next/standalone anew, without the start script and static assets (decision 0056).
  const completed = spawnSync(process.execPath, ["--import", "tsx", COMPLETE_STANDALONE], {
    cwd: WEB_DIR,
    env: nextProcessEnv(),
    encoding: "utf8",
  });
  if (completed.status !== 0) {
    throw new Error(`completing .next/standalone failed (exit ${completed.status}):\n${completed.stderr}`);
  }
  writeFileSync(DIGEST_FILE, digest);
  return true;
}
