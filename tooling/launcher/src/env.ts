import path from "node:path";
import {
  databaseFragment,
  launcherFragment,
  loggingFragment,
  parseEnv,
  redisFragment,
} from "@catsyphon/config";
import { z } from "zod";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

const launcherEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...loggingFragment,
  ...launcherFragment,
});

export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

export function loadLauncherEnv(source: Record<string, string | undefined> = process.env): LauncherEnv {
  const env = parseEnv(launcherEnvSchema, source);
  return { ...env, CATSYPHON_DATA_DIR: path.resolve(repoRoot, env.CATSYPHON_DATA_DIR) };
}

export { repoRoot };

/** The environment the apps inherit (with the launcher's resolved database and Redis URLs laid over it). */
export function inheritedEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
