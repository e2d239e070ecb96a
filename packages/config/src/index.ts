export {
  type AdminCliEnv,
  type IngestApiEnv,
  type IngestWorkerEnv,
  type MigrateEnv,
  type TaggerEnv,
  type WatcherEnv,
  type WebEnv,
  type WorkerCliEnv,
  adminCliEnvSchema,
  ingestApiEnvSchema,
  ingestWorkerEnvSchema,
  loadAdminCliEnv,
  loadIngestApiEnv,
  loadIngestWorkerEnv,
  loadMigrateEnv,
  loadTaggerEnv,
  loadWatcherEnv,
  loadWebEnv,
  loadWorkerCliEnv,
  migrateEnvSchema,
  taggerEnvSchema,
  watcherEnvSchema,
  webEnvSchema,
  workerCliEnvSchema,
} from "./apps";
export { ConfigError, type EnvProblem, type EnvSource, parseEnv } from "./env/parse";
export { bool, email, envShape, int, oneOf, port, text, url, uuid } from "./fields";
export { adminTokenFragment } from "./fragments/admin-token";
export { collectorKeysFragment } from "./fragments/collector-keys";
export { databaseFragment } from "./fragments/database";
export { ingestApiFragment } from "./fragments/ingest-api";
export { launcherFragment } from "./fragments/launcher";
export { type LogLevel, type NodeEnv, logLevels, loggingFragment, nodeEnvs } from "./fragments/logging";
export { metricsFragment } from "./fragments/metrics";
export { proxyFragment } from "./fragments/proxy";
export { checkRedisSettings, redisFragment, redisHashTag, splitRedisUrls } from "./fragments/redis";
export { taggerFragment } from "./fragments/tagger";
export { watcherFragment } from "./fragments/watcher";
export { webFragment } from "./fragments/web";
export { workerFragment } from "./fragments/worker";
export { REDACTED, type SecretEnvName, isSecretEnvName, redactEnv, secretEnvNames } from "./secrets";
