import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { freePort, isLocalHost, LaunchError } from "./local-host";

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

async function answers(redisUrl: string): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function redisServerOnPath(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

async function waitForExitOrReady(child: ChildProcess, url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new LaunchError(`redis-server exited with code ${child.exitCode}`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LaunchError("redis-server did not answer within 10 s");
}

/**
 * Uses the Redis at REDIS_URL; when nothing answers there and it points at this machine, starts `redis-server`
 * from PATH on a private port (append-only file in the data folder, so queued jobs survive a restart).
 */
export async function ensureRedis(
  redisUrl: string,
  dataDir: string,
  log: (line: string) => void,
): Promise<RunningRedis> {
  if (await answers(redisUrl)) return { url: redisUrl, stop: async () => undefined };
  const parsed = new URL(redisUrl);
  if (!isLocalHost(parsed.hostname)) {
    throw new LaunchError(`No Redis answers at ${parsed.host}. Start it, or fix REDIS_URL.`);
  }
  if (!redisServerOnPath()) {
    throw new LaunchError(
      "No Redis answers at " +
        parsed.host +
        " and redis-server is not installed: install it (apt-get install redis-server, brew install redis) or set REDIS_URL.",
    );
  }
  const port = await freePort();
  const dir = path.join(dataDir, "redis");
  await mkdir(dir, { recursive: true });
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    // Its own process group: a Ctrl-C in the terminal reaches the launcher, which stops Redis after the apps
    // (they still drain into it), not all at once.
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  child.stderr?.on("data", (chunk: Buffer) => log(`redis: ${chunk.toString().trim()}`));
  parsed.port = String(port);
  const url = parsed.toString();
  log(`no Redis at ${new URL(redisUrl).host}; started redis-server on 127.0.0.1:${port} (data in ${dir})`);
  await waitForExitOrReady(child, url);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
