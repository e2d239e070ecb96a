// Starts the real ingest API (in this process, on a loopback port) against this test file's own Postgres database
// and Redis prefix. Nothing is mocked: requests go over HTTP, jobs land in Redis, rows in Postgres.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { loadIngestApiEnv, type IngestApiEnv } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { seedBatchExample, type CollectorCredentials, type ProtocolEventInput } from "@catsyphon/protocol";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@catsyphon/testing";
import { Queue } from "bullmq";
import { type RunningIngestApi, startIngestApi } from "../src/server";

export interface TestApi {
  url: string;
  api: RunningIngestApi;
  adminToken: string;
  database: TestDatabase;
  redis: TestRedis;
  logs: string[];
  ingestQueue: Queue;
  close(): Promise<void>;
}

export async function startTestApi(
  label: string,
  overrides: Record<string, string> = {},
  shared?: { database?: TestDatabase },
): Promise<TestApi> {
  const database = shared?.database ?? (await createTestDatabase(label));
  const redis = createTestRedis(label);
  const adminToken = randomBytes(24).toString("hex");
  const env: IngestApiEnv = loadIngestApiEnv({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: "5",
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    INGEST_API_PORT: "0",
    CATSYPHON_ADMIN_TOKEN: adminToken,
    CATSYPHON_KEY_ENV: "test",
    LOG_LEVEL: "info",
    ...overrides,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ name: "ingest-api", level: env.LOG_LEVEL, destination });
  const api = await startIngestApi(env, logger);
  const ingestQueue = new Queue("ingest", { connection: { url: redis.url }, prefix: redis.prefix });
  return {
    url: api.url,
    api,
    adminToken,
    database,
    redis,
    logs,
    ingestQueue,
    close: async () => {
      await api.close();
      await ingestQueue.close();
      await redis.cleanup();
      if (!shared?.database) await database.drop();
    },
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<JsonResponse<T>> {
  const hasJson = init.body !== undefined;
  const response = await fetch(url, {
    method: init.method ?? (hasJson || init.rawBody !== undefined ? "POST" : "GET"),
    headers: { ...(hasJson ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.rawBody ?? (hasJson ? JSON.stringify(init.body) : undefined),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export async function registerCollector(api: TestApi, collectorType = "sdk"): Promise<CollectorCredentials> {
  const res = await request<CollectorCredentials>(`${api.url}/collectors`, {
    headers: { authorization: `Bearer ${api.adminToken}` },
    body: {
      collector_type: collectorType,
      collector_version: "1.0.0",
      hostname: "test-host",
      metadata: { os: "linux" },
    },
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function collectorHeaders(credentials: CollectorCredentials): Record<string, string> {
  return { authorization: `Bearer ${credentials.api_key}`, "x-collector-id": credentials.collector_id };
}

/** Events `from`..`to` of a session: the seed example's shapes, renumbered and repeated as needed. */
export function events(from: number, to: number): ProtocolEventInput[] {
  const templates = seedBatchExample.events as ProtocolEventInput[];
  const out: ProtocolEventInput[] = [];
  for (let sequence = from; sequence <= to; sequence += 1) {
    const template = templates[(sequence - 1) % templates.length] as ProtocolEventInput;
    out.push({ ...structuredClone(template), sequence });
  }
  return out;
}

export function batch(sessionId: string, from: number, to: number) {
  return { session_id: sessionId, events: events(from, to) };
}

export async function queuedIngestJobs(api: TestApi) {
  return api.ingestQueue.getJobs(["waiting", "active", "delayed", "completed", "failed", "prioritized"]);
}
