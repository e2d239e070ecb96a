import path from "node:path";
import {
  adminTokenFragment,
  databaseFragment,
  ingestApiFragment,
  launcherFragment,
  loggingFragment,
  parseEnv,
  redisFragment,
  taggerFragment,
  watcherFragment,
  webFragment,
  workerFragment,
} from "@catsyphon/config";
import { z } from "zod";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

const launcherEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...loggingFragment,
  ...launcherFragment,
  ...adminTokenFragment,
  INGEST_API_PORT: ingestApiFragment.INGEST_API_PORT,
  WORKER_HEALTH_PORT: workerFragment.WORKER_HEALTH_PORT,
  TAGGER_HEALTH_PORT: taggerFragment.TAGGER_HEALTH_PORT,
  WEB_PORT: webFragment.WEB_PORT,
  CATSYPHON_SERVER_URL: watcherFragment.CATSYPHON_SERVER_URL,
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
