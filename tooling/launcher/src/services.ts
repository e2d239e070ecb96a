import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { groupAlive } from "./procfs";

const appManifestSchema = z.object({
  name: z.string(),
  scripts: z.record(z.string(), z.string()).optional(),
});

export interface App {
  name: string;
  dir: string;
}

/** Every app under apps/ that has a `start` script; `pnpm start` grows with each service added. */
export function discoverApps(repoRoot: string): App[] {
  const appsDir = path.join(repoRoot, "apps");
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(appsDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = path.join(appsDir, entry.name);
      const manifest = appManifestSchema.parse(
        JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")),
      );
      return { name: manifest.name, dir, hasStart: Boolean(manifest.scripts?.start) };
    })
    .filter((app) => app.hasStart)
    .map(({ name, dir }) => ({ name, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The apps named in CATSYPHON_APPS (folder names, comma-separated), or all of them; an unknown name is an error. */
export function selectApps(apps: readonly App[], names: string | undefined): App[] {
  if (names === undefined) return [...apps];
  const wanted = names
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = wanted.filter((name) => !apps.some((app) => path.basename(app.dir) === name));
  if (unknown.length > 0) {
    throw new Error(
      `CATSYPHON_APPS names ${unknown.join(", ")}, which is no app under apps/ (there are: ` +
        `${apps.map((app) => path.basename(app.dir)).join(", ")})`,
    );
  }
  return apps.filter((app) => wanted.includes(path.basename(app.dir)));
}

export interface RunningApp {
  app: App;
  child: ChildProcess;
  /** The app's process group: the keeper shell, pnpm, its shell and the app's processes, stopped together. */
  pgid: number | undefined;
}

/**
 * How each app is run: `pnpm run start` under a POSIX shell that keeps reading a pipe from the launcher. When the
 * launcher ends in any way, even `kill -9`, the pipe closes and the shell sends SIGTERM to the app's whole process
 * group, so no app outlives it. The shell exits with pnpm's status, so an app that stops is seen at once.
 */
const KEEPER_SCRIPT = [
  "exec 3<&0",
  "pnpm run --silent start </dev/null 3<&- &",
  "app=$!",
  "{ cat <&3 >/dev/null; kill -TERM 0; } &",
  'wait "$app"',
].join("\n");

/**
 * Starts an app's `start` script with every output line prefixed by the app's short name. It runs detached, in a
 * process group of its own: pnpm passes a SIGTERM only to the shell it started (which dies without passing it
 * on), so stopping pnpm alone would leave the app running. The launcher signals the whole group instead.
 */
export function startApp(app: App, env: NodeJS.ProcessEnv, write: (line: string) => void): RunningApp {
  const label = app.name.replace(/^@catsyphon\//, "");
  const child = spawn("sh", ["-c", KEEPER_SCRIPT], {
    cwd: app.dir,
    env,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  // Nothing is ever written: the pipe only tells the keeper shell that the launcher is alive.
  child.stdin?.on("error", () => undefined);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => write(`[${label}] ${line}`));
  }
  return { app, child, pgid: child.pid };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

async function groupEnded(pgid: number, deadline: number): Promise<boolean> {
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Stops each app's whole process group: SIGTERM (services drain), then SIGKILL for what still runs after the
 * grace time. Resolves once no process of any group is left.
 */
export async function stopApps(running: RunningApp[], graceMs: number): Promise<void> {
  await Promise.all(
    running.map(async ({ child, pgid }) => {
      if (pgid === undefined) return;
      signalGroup(pgid, "SIGTERM");
      if (!(await groupEnded(pgid, Date.now() + graceMs))) {
        signalGroup(pgid, "SIGKILL");
        await groupEnded(pgid, Date.now() + 5_000);
      }
      // The direct child (the keeper shell) is reaped by Node; wait for that too so its exit is seen before we return.
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          setTimeout(resolve, 1_000).unref();
        });
      }
    }),
  );
}
