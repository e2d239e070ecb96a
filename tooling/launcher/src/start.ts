// `pnpm start`: one command from a fresh clone to a running CatSyphon on this machine. Uses Postgres and Redis
// at DATABASE_URL / REDIS_URL, starting local ones when nothing answers there, applies migrations, then runs
// every app under apps/ with prefixed logs until Ctrl-C. Everything it starts ends with it: on SIGINT, SIGTERM,
// SIGHUP, when the `pnpm start` that ran it ends, and when any app exits.
import { randomBytes } from "node:crypto";

import { redactDatabaseUrl } from "@catsyphon/db";
import { applyPendingMigrations } from "@catsyphon/db/migrations";
import { inheritedEnvironment, loadLauncherEnv, repoRoot } from "./env";
import { watchAncestors } from "./lifeline";
import { freePort, LaunchError } from "./local-host";
import { ensurePortsFree, foreignHolder } from "./ports";
import { ensurePostgres, type RunningPostgres } from "./postgres";
import { readinessUrls, waitUntilReady } from "./readiness";
import { ensureRedis, type RunningRedis } from "./redis";
import { type App, discoverApps, type RunningApp, selectApps, startApp, stopApps } from "./services";

const SHUTDOWN_GRACE_MS = 15_000;
/** After this long without every service ready, say which ones are still starting. */
const SLOW_START_MS = 30_000;

function log(line: string): void {
  process.stdout.write(`[catsyphon] ${line}\n`);
}

// Whoever read our output may be gone (the pnpm above us was killed): a failed write must not kill the launcher
// halfway through stopping the apps.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);

async function main(): Promise<void> {
  const env = loadLauncherEnv();
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  let running: RunningApp[] = [];
  let stopping = false;
  // Databases being started when a stop is asked for are stopped once they are up (never left running).
  let startingServers: Promise<unknown> = Promise.resolve();

  const shutdown = async (code: number, reason?: string) => {
    if (stopping) return;
    stopping = true;
    log(reason ? `stopping (${reason})` : "stopping");
    await stopApps(running, SHUTDOWN_GRACE_MS);
    await startingServers.catch(() => undefined);
    await redis?.stop();
    await postgres?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => void shutdown(0, signal));
  }
  watchAncestors((pid) => void shutdown(1, `pid ${pid}, which started this launcher, has ended`));

  // Port 0 ("any free port") is resolved here, so the launcher knows where to ask whether each service is ready.
  const ports = {
    ingestApi: env.INGEST_API_PORT === 0 ? await freePort() : env.INGEST_API_PORT,
    workerHealth: env.WORKER_HEALTH_PORT === 0 ? await freePort() : env.WORKER_HEALTH_PORT,
    taggerHealth: env.TAGGER_HEALTH_PORT === 0 ? await freePort() : env.TAGGER_HEALTH_PORT,
    web: env.WEB_PORT === 0 ? await freePort() : env.WEB_PORT,
  };
  let discovered: App[];
  try {
    discovered = selectApps(discoverApps(repoRoot), env.CATSYPHON_APPS);
  } catch (error) {
    log((error as Error).message);
    await shutdown(1);
    return;
  }
  const portOf: Record<string, { port: number; variable: string }> = {
    "@catsyphon/ingest-api": { port: ports.ingestApi, variable: "INGEST_API_PORT" },
    "@catsyphon/ingest-worker": { port: ports.workerHealth, variable: "WORKER_HEALTH_PORT" },
    "@catsyphon/tagger": { port: ports.taggerHealth, variable: "TAGGER_HEALTH_PORT" },
    "@catsyphon/web": { port: ports.web, variable: "WEB_PORT" },
  };

  try {
    await ensurePortsFree(
      discovered.flatMap((app) => {
        const needed = portOf[app.name];
        return needed ? [{ ...needed, app: app.name }] : [];
      }),
    );
    startingServers = (async () => {
      postgres = await ensurePostgres(env.DATABASE_URL, env.CATSYPHON_DATA_DIR, log);
      redis = await ensureRedis(env.REDIS_URL, env.CATSYPHON_DATA_DIR, log);
    })();
    await startingServers;
    if (!postgres || !redis) return;
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
  // A signal that arrived while the databases started: start nothing more (shutdown is under way).
  if (stopping) return;

  const serverUrl =
    env.CATSYPHON_SERVER_URL ??
    (env.INGEST_API_PORT === 0 ? undefined : `http://127.0.0.1:${env.INGEST_API_PORT}`);
  // The bundled watcher fetches the built-in collector's key with the admin token; without one configured, a
  // random token for this run keeps that local handshake working (it is never printed).
  const childEnv = inheritedEnvironment({
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    INGEST_API_PORT: String(ports.ingestApi),
    WORKER_HEALTH_PORT: String(ports.workerHealth),
    TAGGER_HEALTH_PORT: String(ports.taggerHealth),
    WEB_PORT: String(ports.web),
    CATSYPHON_ADMIN_TOKEN: env.CATSYPHON_ADMIN_TOKEN ?? randomBytes(24).toString("hex"),
    ...(serverUrl ? { CATSYPHON_SERVER_URL: serverUrl } : {}),
  });
  const apps = discovered.filter((app) => {
    if (app.name !== "@catsyphon/watcher" || serverUrl) return true;
    log("not starting the watcher: with INGEST_API_PORT=0 its server is unknown; set CATSYPHON_SERVER_URL");
    return false;
  });
  running = apps.map((app) => startApp(app, childEnv, (line) => process.stdout.write(`${line}\n`)));
  for (const { app, child } of running) {
    child.once("error", (error) => {
      if (stopping) return;
      log(`${app.name} could not start (${error.message}); stopping the rest`);
      void shutdown(1);
    });
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
  // Only our own apps may make us say ready: the port check at start keeps leftovers off these ports, and this
  // makes sure that what answered is a process of an app started here.
  const ours = new Set(running.flatMap(({ pgid }) => (pgid === undefined ? [] : [pgid])));
  for (const app of apps) {
    const port = portOf[app.name]?.port;
    const foreign = port === undefined ? undefined : foreignHolder(port, ours);
    if (foreign) {
      log(`port ${port} answers for ${app.name}, but it is held by ${foreign}, not by the app started here`);
      await shutdown(1);
      return;
    }
  }
  const described = apps.map((app) => {
    if (app.name === "@catsyphon/ingest-api")
      return `${app.name} at http://127.0.0.1:${ports.ingestApi} (API docs: /docs)`;
    if (app.name === "@catsyphon/web") return `${app.name} at http://127.0.0.1:${ports.web}/sign-in`;
    return app.name;
  });
  log(`ready: ${described.join(", ")} (Ctrl-C stops everything)`);
}

void main();
