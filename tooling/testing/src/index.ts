export { testEnv } from "./env";
export { createTestDatabase, type TestDatabase } from "./test-database";
export { createTestRedis, type TestRedis } from "./test-redis";
export { ensureTemplateDatabase, templateDatabaseName } from "./template-database";
export { repoRoot } from "./repo";
export { hashedPart, redisClusterSlot } from "./redis-cluster-slot";
export { freePort, PrivateRedisServer } from "./private-redis";
export { type RedisClusterServer, startRedisCluster } from "./redis-cluster";
export {
  ingestApiAvailable,
  type IngestApiProcess,
  startIngestApiProcess,
  type StartIngestApiOptions,
} from "./ingest-api-process";
export { type IngestWorkerProcess, startIngestWorkerProcess } from "./ingest-worker-process";
export { startTaggerProcess, type TaggerProcess } from "./tagger-process";
export { eventually } from "./eventually";
export { launchHeadlessChromium } from "./headless-chromium";
export { serveStaticFiles, type StaticFile, type StaticFilesServer } from "./static-files";
export type { Browser, Page } from "playwright-core";
export { TcpProxy, type TcpProxyState } from "./tcp-proxy";
export { startWebProcess, type StartWebOptions, type WebProcess } from "./web-process";
export { rollupDifferences, type RollupDifferences } from "./rollups-from-rows";
export {
  type ServiceExit,
  type ServiceProcess,
  type ServiceProcessOptions,
  startServiceProcess,
} from "./service-process";
