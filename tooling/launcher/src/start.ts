// `pnpm start`: one command from a fresh clone to a running CatSyphon on this machine. Uses Postgres and Redis
// at DATABASE_URL / REDIS_URL, starting local ones when nothing answers there, applies migrations, then runs
// every app under apps/ with prefixed logs until Ctrl-C.
import { randomBytes } from "node:crypto";

import { redactDatabaseUrl } from "@catsyphon/db";
import { applyPendingMigrations } from "@catsyphon/db/migrations";
import { inheritedEnvironment, loadLauncherEnv, repoRoot } from "./env";
import { freePort, LaunchError } from "./local-host";
import { ensurePostgres, type RunningPostgres } from "./postgres";
import { readinessUrls, waitUntilReady } from "./readiness";
import { ensureRedis, type RunningRedis } from "./redis";
import { discoverApps, type RunningApp, startApp, stopApps } from "./services";

const SHUTDOWN_GRACE_MS = 15_000;
/** After this long without every service ready, say which ones are still starting. */
const SLOW_START_MS = 30_000;

function log(line: string): void {
  process.stdout.write(`[catsyphon] ${line}\n`);
}

async function main(): Promise<void> {
  const env = loadLauncherEnv();
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  let running: RunningApp[] = [];
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    await stopApps(running, SHUTDOWN_GRACE_MS);
    await redis?.stop();
    await postgres?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    postgres = await ensurePostgres(env.DATABASE_URL, env.CATSYPHON_DATA_DIR, log);
    redis = await ensureRedis(env.REDIS_URL, env.CATSYPHON_DATA_DIR, log);
    const applied = await applyPendingMigrations({ databaseUrl: postgres.url });
    log(
      `database ${redactDatabaseUrl(postgres.url)}: ` +
        (applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"),
    );
  } catch (error) {
    log(error instanceof LaunchError ? error.message : `could not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  const serverUrl =
    env.CATSYPHON_SERVER_URL ??
    (env.INGEST_API_PORT === 0 ? undefined : `http://127.0.0.1:${env.INGEST_API_PORT}`);
  // Port 0 ("any free port") is resolved here, so the launcher knows where to ask whether each service is ready.
  const ports = {
    ingestApi: env.INGEST_API_PORT === 0 ? await freePort() : env.INGEST_API_PORT,
    workerHealth: env.WORKER_HEALTH_PORT === 0 ? await freePort() : env.WORKER_HEALTH_PORT,
  };
  // The bundled watcher fetches the built-in collector's key with the admin token; without one configured, a
  // random token for this run keeps that local handshake working (it is never printed).
  const childEnv = inheritedEnvironment({
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    INGEST_API_PORT: String(ports.ingestApi),
    WORKER_HEALTH_PORT: String(ports.workerHealth),
    CATSYPHON_ADMIN_TOKEN: env.CATSYPHON_ADMIN_TOKEN ?? randomBytes(24).toString("hex"),
    ...(serverUrl ? { CATSYPHON_SERVER_URL: serverUrl } : {}),
  });
  const apps = discoverApps(repoRoot).filter((app) => {
    if (app.name !== "@catsyphon/watcher" || serverUrl) return true;
    log("not starting the watcher: with INGEST_API_PORT=0 its server is unknown; set CATSYPHON_SERVER_URL");
    return false;
  });
  running = apps.map((app) => startApp(app, childEnv, (line) => process.stdout.write(`${line}\n`)));
  for (const { app, child } of running) {
    child.once("exit", (code, signal) => {
      if (stopping) return;
      log(`${app.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      void shutdown(1);
    });
  }
  if (apps.length === 0) {
    // Nothing else holds the event loop open; keep the databases up until a signal arrives.
    setInterval(() => undefined, 2 ** 30);
    log("ready: no apps under apps/ yet; Postgres and Redis stay up until Ctrl-C");
    return;
  }
  log(`started ${apps.map((app) => app.name).join(", ")}; waiting until they answer`);
  const probes = readinessUrls(ports);
  const waiting = new Set(apps.map((app) => app.name).filter((name) => probes[name] !== undefined));
  const slow = setTimeout(
    () => log(`still waiting for ${[...waiting].join(", ")} to be ready`),
    SLOW_START_MS,
  );
  await Promise.all(
    [...waiting].map(async (name) => {
      const url = probes[name];
      if (url !== undefined && (await waitUntilReady(url, () => stopping))) waiting.delete(name);
    }),
  );
  clearTimeout(slow);
  if (stopping) return;
  const described = apps.map((app) =>
    app.name === "@catsyphon/ingest-api"
      ? `${app.name} at http://127.0.0.1:${ports.ingestApi} (API docs: /docs)`
      : app.name,
  );
  log(`ready: ${described.join(", ")} (Ctrl-C stops everything)`);
}

void main();
