// `pnpm bench:startup [runs]`: cold start of each service, from spawn to its first 200 on /ready, built (plain node
// on `pnpm build`'s output) against the development start (node --import tsx on the sources), in the same run,
// rotating the order so load from elsewhere on the machine falls on all. Needs `pnpm build` first. Also the
// migration runner, spawn to exit on an up-to-date database. Prints a table (milliseconds).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createTestDatabase,
  createTestRedis,
  startServiceProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";
import { z } from "zod";
import { builtOutputs, type BuiltOutputName, REPO_ROOT } from "../src/outputs";

type ServiceName = Exclude<BuiltOutputName, "migrate">;
// "built" is the documented command (with --enable-source-maps); "built, no maps" shows what the maps cost at start
// (Node reads the map of every module that names one, the web app's Next chunks included).
const MODES = ["built", "built, no maps", "tsx"] as const;
type Mode = (typeof MODES)[number];

interface Target {
  name: BuiltOutputName;
  /** Where the development start runs, and its entry, relative to it. */
  sourceDir: string;
  sourceEntry: string;
  env: Record<string, string>;
  urlField: "url" | "healthUrl";
}

const TSX = ["--require", "@catsyphon/config/node-version", "--import", "tsx"];

const targets: Target[] = [
  {
    name: "ingest-api",
    sourceDir: "apps/ingest-api",
    sourceEntry: "src/main.ts",
    env: {
      INGEST_API_PORT: "0",
      CATSYPHON_ADMIN_TOKEN: "startup-bench-admin-token-000000",
      CATSYPHON_KEY_ENV: "test",
    },
    urlField: "url",
  },
  {
    name: "ingest-worker",
    sourceDir: "apps/ingest-worker",
    sourceEntry: "src/main.ts",
    env: { WORKER_HEALTH_PORT: "0" },
    urlField: "healthUrl",
  },
  {
    name: "tagger",
    sourceDir: "apps/tagger",
    sourceEntry: "src/main.ts",
    env: { TAGGER_HEALTH_PORT: "0" },
    urlField: "healthUrl",
  },
  // The development start checks its build is current (a digest of the sources) before it serves.
  {
    name: "web",
    sourceDir: "apps/web",
    sourceEntry: "src/cli/start.ts",
    env: { WEB_PORT: "0" },
    urlField: "url",
  },
  { name: "migrate", sourceDir: "packages/db", sourceEntry: "src/cli/migrate.ts", env: {}, urlField: "url" },
];

function command(target: Target, mode: Mode): { nodeArgs: string[]; cwd: string } {
  if (mode === "tsx") {
    return { nodeArgs: [...TSX, target.sourceEntry], cwd: path.join(REPO_ROOT, target.sourceDir) };
  }
  const output = builtOutputs[target.name];
  return {
    nodeArgs: ["--enable-source-maps", path.join(REPO_ROOT, output.dir, output.entry)],
    cwd: os.tmpdir(),
  };
}

async function timeService(target: Target, mode: Mode, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const service = await startServiceProcess({
    label: `${mode} ${target.name}`,
    ...command(target, mode),
    env: { ...env, ...target.env },
    urlField: target.urlField,
  });
  const elapsed = performance.now() - started;
  const exit = await service.stop();
  if (exit.code !== 0)
    throw new Error(`${mode} ${target.name} exited ${exit.code ?? exit.signal} on SIGTERM`);
  return elapsed;
}

function timeMigrate(target: Target, mode: Mode, env: Record<string, string>): Promise<number> {
  const { nodeArgs, cwd } = command(target, mode);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd,
      env: { ...process.env, ...env },
      stdio: "ignore",
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${mode} migrate exited ${code}`)),
    );
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summary(values: number[]): string {
  const ms = (value: number) => Math.round(value).toString();
  return `${ms(median(values))} (${ms(Math.min(...values))}-${ms(Math.max(...values))})`;
}

async function main(): Promise<void> {
  const runs = z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .parse(process.argv.slice(2).find((arg) => arg !== "--"));
  const missing = targets
    .map((target) => builtOutputs[target.name])
    .filter((output) => !existsSync(path.join(REPO_ROOT, output.dir, output.entry)));
  if (missing.length > 0) {
    throw new Error(
      `no build of ${missing.map((output) => output.packageName).join(", ")}: run pnpm build first`,
    );
  }
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  try {
    database = await createTestDatabase("startup-bench");
    redis = createTestRedis("startup-bench");
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      LOG_LEVEL: "info",
      NODE_OPTIONS: "",
    };
    const rows: string[][] = [];
    for (const target of targets) {
      const times: Record<Mode, number[]> = { built: [], "built, no maps": [], tsx: [] };
      for (let run = 0; run < runs; run += 1) {
        // Rotate which goes first, so none always follows another's warm file cache.
        const order = MODES.map((_, index) => MODES[(index + run) % MODES.length]!);
        for (const mode of order) {
          const elapsed =
            target.name === "migrate"
              ? await timeMigrate(target, mode, env)
              : await timeService(target, mode, env);
          times[mode].push(elapsed);
          console.log(`${target.name} ${mode} run ${run + 1}: ${Math.round(elapsed)} ms`);
        }
      }
      const ratio = median(times.tsx) / median(times.built);
      const label = target.name === "migrate" ? "migrate (to exit)" : (target.name satisfies ServiceName);
      rows.push([
        label,
        summary(times.built),
        summary(times["built, no maps"]),
        summary(times.tsx),
        `${ratio.toFixed(1)}x`,
      ]);
    }
    const header = ["service", "built", "built, no source maps", "tsx", "tsx / built"];
    console.log(
      `\n${runs} runs each, spawn to first 200 on /ready, median (min-max) ms; ` +
        `${os.cpus().length} cores, load ${loadAverage()}`,
    );
    console.log(markdownTable([header, ...rows]));
  } finally {
    await redis?.cleanup().catch(() => undefined);
    await database?.drop();
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");
}

function markdownTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  const separator = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;
  return [line(rows[0]!), separator, ...rows.slice(1).map(line)].join("\n");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
