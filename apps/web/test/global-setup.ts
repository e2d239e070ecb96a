// Jest global setup of the web app: the migrated template database (as for every package), and a production build
// of the app for the tests' servers. The build is made once and reused while its inputs are unchanged: a digest of
// the app's sources and of the workspace packages it bundles is kept beside it (.next/catsyphon-inputs). A build
// takes about 50-100 s of this two-core machine; a reused one costs nothing. Decision 0032.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureTemplateDatabase, repoRoot } from "@catsyphon/testing";

const WEB_DIR = path.resolve(__dirname, "..");
const DIGEST_FILE = path.join(WEB_DIR, ".next", "catsyphon-inputs");

const INPUTS = [
  "apps/web/src",
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

export function inputsDigest(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(path.join(repoRoot(), input))) {
      hash.update(path.relative(repoRoot(), file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

function ensureBuild(): void {
  const digest = inputsDigest();
  if (existsSync(DIGEST_FILE) && readFileSync(DIGEST_FILE, "utf8") === digest) return;
  const result = spawnSync(
    process.execPath,
    [require.resolve("next/dist/bin/next", { paths: [WEB_DIR] }), "build"],
    {
      cwd: WEB_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  writeFileSync(DIGEST_FILE, digest);
}

export default async function globalSetup(): Promise<void> {
  ensureBuild();
  await ensureTemplateDatabase();
}
