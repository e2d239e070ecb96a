import { z } from "zod";
import { type EnvSource, parseEnv } from "./env/parse";
import { adminTokenFragment } from "./fragments/admin-token";
import { collectorKeysFragment } from "./fragments/collector-keys";
import { databaseFragment } from "./fragments/database";
import { ingestApiFragment } from "./fragments/ingest-api";
import { loggingFragment } from "./fragments/logging";
import { metricsFragment } from "./fragments/metrics";
import { proxyFragment } from "./fragments/proxy";
import { checkRedisSettings, redisFragment } from "./fragments/redis";
import { taggerFragment } from "./fragments/tagger";
import { watcherFragment } from "./fragments/watcher";
import { webFragment } from "./fragments/web";
import { workerFragment } from "./fragments/worker";

// One schema per deployable, composed from the fragments it needs; each app calls its loader from its env module.

export const ingestApiEnvSchema = z
  .object({
    ...databaseFragment,
    ...redisFragment,
    ...loggingFragment,
    ...metricsFragment,
    ...ingestApiFragment,
    ...collectorKeysFragment,
    ...proxyFragment,
    ...adminTokenFragment,
  })
  .superRefine(checkRedisSettings);

export const ingestWorkerEnvSchema = z
  .object({
    ...databaseFragment,
    ...redisFragment,
    ...loggingFragment,
    ...metricsFragment,
    ...workerFragment,
  })
  .superRefine(checkRedisSettings);

export const taggerEnvSchema = z
  .object({
    ...databaseFragment,
    ...redisFragment,
    ...loggingFragment,
    ...metricsFragment,
    ...taggerFragment,
  })
  .superRefine(checkRedisSettings);

export const webEnvSchema = z
  .object({
    ...databaseFragment,
    ...redisFragment,
    ...loggingFragment,
    ...metricsFragment,
    ...webFragment,
    ...collectorKeysFragment,
    ...proxyFragment,
  })
  .superRefine((env, ctx) => {
    // One without the other would silently skip creating the first user.
    const email = env.CATSYPHON_INIT_ADMIN_EMAIL !== undefined;
    const password = env.CATSYPHON_INIT_ADMIN_PASSWORD !== undefined;
    if (email === password) return;
    const [missing, present] = email
      ? ["CATSYPHON_INIT_ADMIN_PASSWORD", "CATSYPHON_INIT_ADMIN_EMAIL"]
      : ["CATSYPHON_INIT_ADMIN_EMAIL", "CATSYPHON_INIT_ADMIN_PASSWORD"];
    ctx.addIssue({ code: "custom", path: [missing], message: `must be set when ${present} is set` });
  })
  .superRefine(checkRedisSettings);

export const watcherEnvSchema = z.object({
  ...loggingFragment,
  ...watcherFragment,
  ...adminTokenFragment,
});

export const migrateEnvSchema = z.object({
  ...databaseFragment,
  ...loggingFragment,
});

/** The admin command-line tools (`pnpm --filter @catsyphon/ingest-api api-tokens ...`): the database only. */
export const adminCliEnvSchema = z.object({
  ...databaseFragment,
  ...loggingFragment,
});

/** The ingest worker's command line (`pnpm --filter @catsyphon/ingest-worker failed ...`): Postgres and Redis. */
export const workerCliEnvSchema = z
  .object({
    ...databaseFragment,
    ...redisFragment,
    ...loggingFragment,
  })
  .superRefine(checkRedisSettings);

export type IngestApiEnv = z.output<typeof ingestApiEnvSchema>;
export type IngestWorkerEnv = z.output<typeof ingestWorkerEnvSchema>;
export type TaggerEnv = z.output<typeof taggerEnvSchema>;
export type WebEnv = z.output<typeof webEnvSchema>;
export type WatcherEnv = z.output<typeof watcherEnvSchema>;
export type MigrateEnv = z.output<typeof migrateEnvSchema>;
export type AdminCliEnv = z.output<typeof adminCliEnvSchema>;
export type WorkerCliEnv = z.output<typeof workerCliEnvSchema>;

export const loadIngestApiEnv = (source?: EnvSource): IngestApiEnv => parseEnv(ingestApiEnvSchema, source);
export const loadIngestWorkerEnv = (source?: EnvSource): IngestWorkerEnv =>
  parseEnv(ingestWorkerEnvSchema, source);
export const loadTaggerEnv = (source?: EnvSource): TaggerEnv => parseEnv(taggerEnvSchema, source);
export const loadWebEnv = (source?: EnvSource): WebEnv => parseEnv(webEnvSchema, source);
export const loadWatcherEnv = (source?: EnvSource): WatcherEnv => parseEnv(watcherEnvSchema, source);
export const loadMigrateEnv = (source?: EnvSource): MigrateEnv => parseEnv(migrateEnvSchema, source);
export const loadAdminCliEnv = (source?: EnvSource): AdminCliEnv => parseEnv(adminCliEnvSchema, source);
export const loadWorkerCliEnv = (source?: EnvSource): WorkerCliEnv => parseEnv(workerCliEnvSchema, source);
