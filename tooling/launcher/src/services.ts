import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";

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

export interface RunningApp {
  app: App;
  child: ChildProcess;
}

/** Starts an app's `start` script with every output line prefixed by the app's short name. */
export function startApp(app: App, env: NodeJS.ProcessEnv, write: (line: string) => void): RunningApp {
  const label = app.name.replace(/^@catsyphon\//, "");
  const child = spawn("pnpm", ["run", "--silent", "start"], {
    cwd: app.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => write(`[${label}] ${line}`));
  }
  return { app, child };
}

/** Asks each child to stop (SIGTERM, so services drain) and kills what is still running after the grace time. */
export async function stopApps(running: RunningApp[], graceMs: number): Promise<void> {
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}
