import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { testEnv } from "@catsyphon/testing";
import { Client } from "pg";

const packageDir = path.join(__dirname, "..");

/** Runs one of this package's CLI entry points the way `pnpm db:*` does. */
export function runDbCli(script: string, env: Record<string, string>, args: string[] = []) {
  const tsxCli = require.resolve("tsx/cli");
  const result = spawnSync(process.execPath, [tsxCli, path.join(packageDir, "src/cli", script), ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a CLI entry point like runDbCli without waiting: what it printed so far, and its end. */
export function runDbCliInBackground(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): { stdout(): string; exited: Promise<{ status: number | null; stdout: string; stderr: string }> } {
  const tsxCli = require.resolve("tsx/cli");
  const child = spawn(process.execPath, [tsxCli, path.join(packageDir, "src/cli", script), ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    stdout: () => stdout,
    exited: new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr }))),
  };
}

export async function sql<T extends object>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A database name that does not exist yet, on the test server, and a way to drop it afterwards. */
export function unusedDatabase(label: string) {
  const name = `catsyphon_test_${label}_${randomBytes(5).toString("hex")}`;
  const url = new URL(testEnv.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => sql(testEnv.TEST_DATABASE_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
