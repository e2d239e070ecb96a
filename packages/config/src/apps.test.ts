import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import {
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
  migrateEnvSchema,
  taggerEnvSchema,
  watcherEnvSchema,
  webEnvSchema,
} from "./apps";
import { ConfigError } from "./env/parse";
import { adminTokenFragment } from "./fragments/admin-token";
import { collectorKeysFragment } from "./fragments/collector-keys";
import { databaseFragment } from "./fragments/database";
import { ingestApiFragment } from "./fragments/ingest-api";
import { launcherFragment } from "./fragments/launcher";
import { loggingFragment } from "./fragments/logging";
import { metricsFragment } from "./fragments/metrics";
import { proxyFragment } from "./fragments/proxy";
import { redisFragment } from "./fragments/redis";
import { taggerFragment } from "./fragments/tagger";
import { watcherFragment } from "./fragments/watcher";
import { webFragment } from "./fragments/web";
import { workerFragment } from "./fragments/worker";
import { secretEnvNames } from "./secrets";

const fragments = {
  database: databaseFragment,
  adminToken: adminTokenFragment,
  redis: redisFragment,
  logging: loggingFragment,
  metrics: metricsFragment,
  ingestApi: ingestApiFragment,
  collectorKeys: collectorKeysFragment,
  worker: workerFragment,
  tagger: taggerFragment,
  web: webFragment,
  watcher: watcherFragment,
  launcher: launcherFragment,
  proxy: proxyFragment,
};
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const everyVariable = Object.values(fragments).flatMap((fragment) => Object.keys(fragment));
const allDefaults = z.object(Object.assign({}, ...Object.values(fragments))).parse({}) as Record<
  string,
  unknown
>;

describe("defaults", () => {
  it("match DESIGN.md (sections 2 and 7) and the brief", () => {
    expect(allDefaults).toEqual({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/catsyphon",
      DATABASE_POOL_SIZE: 10,
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_CLUSTER: false,
      REDIS_KEY_PREFIX: "{catsyphon}",
      LOG_LEVEL: "info",
      NODE_ENV: "development",
      INGEST_API_PORT: 8000,
      MAX_BODY_BYTES: 5_242_880,
      MAX_EVENTS_PER_BATCH: 1000,
      RATE_LIMIT_EVENTS_PER_MIN: 60_000,
      RATE_LIMIT_REQUESTS_PER_MIN: 600,
      CATSYPHON_KEY_ENV: "live",
      TRUST_PROXY: false,
      WORKER_CONCURRENCY: 4,
      WORKER_BATCHES_IN_FLIGHT: 64,
      SESSION_IDLE_MINUTES: 30,
      WORKER_HEALTH_PORT: 8001,
      WORKER_RETRY_BASE_MS: 1000,
      WORKER_RETRY_MAX_MS: 60_000,
      IDLE_SWEEP_REASSERT_MS: 300_000,
      LIVE_EVENTS_MAX_LENGTH: 10_000,
      TAGGER_MODEL: "gpt-4o-mini",
      TAGGER_CONCURRENCY: 2,
      TAGGER_HEALTH_PORT: 8002,
      TAGGER_MAX_INPUT_CHARS: 24_000,
      TAGGER_MAX_OUTPUT_TOKENS: 1_000,
      TAGGER_MIN_MESSAGES: 4,
      TAGGER_TIMEOUT_MS: 60_000,
      TAGGER_MAX_RETRIES: 2,
      TAGGER_PAUSE_MINUTES: 30,
      TAGGER_CACHE_TTL_DAYS: 30,
      WEB_PORT: 3000,
      SESSION_COOKIE_SECURE: false,
      SESSION_TTL_HOURS: 168,
      SIGN_IN_LIMIT_PER_ACCOUNT: 5,
      SIGN_IN_LIMIT_PER_ADDRESS: 20,
      SIGN_IN_LIMIT_WINDOW_SECONDS: 900,
      SSE_MAX_CONNECTIONS: 1000,
      SSE_MAX_CONNECTIONS_PER_PRINCIPAL: 10,
      SSE_HEARTBEAT_SECONDS: 15,
      CATSYPHON_SESSION_IDLE_SECONDS: 1800,
      CATSYPHON_DATA_DIR: "./.data",
    });
  });

  it("give every app a valid config from an empty environment", () => {
    for (const load of [
      loadIngestApiEnv,
      loadIngestWorkerEnv,
      loadTaggerEnv,
      loadWebEnv,
      loadWatcherEnv,
      loadMigrateEnv,
      loadAdminCliEnv,
    ]) {
      expect(() => load({})).not.toThrow();
    }
  });

  it("treat empty strings as unset", () => {
    const env = loadIngestApiEnv({ INGEST_API_PORT: "", CATSYPHON_ADMIN_TOKEN: "", TRUST_PROXY: "" });
    expect(env.INGEST_API_PORT).toBe(8000);
    expect(env.CATSYPHON_ADMIN_TOKEN).toBeUndefined();
    expect(env.TRUST_PROXY).toBe(false);
  });
});

describe("app schemas", () => {
  const keys = (schema: { shape: object }) => Object.keys(schema.shape).sort();
  const keysOf = (...parts: object[]) => parts.flatMap((part) => Object.keys(part)).sort();

  it("compose the fragments each app needs", () => {
    const {
      database,
      redis,
      logging,
      ingestApi,
      collectorKeys,
      worker,
      tagger,
      web,
      watcher,
      adminToken,
      proxy,
      metrics,
    } = fragments;
    expect(keys(ingestApiEnvSchema)).toEqual(
      keysOf(database, redis, logging, metrics, ingestApi, collectorKeys, proxy, adminToken),
    );
    expect(keys(ingestWorkerEnvSchema)).toEqual(keysOf(database, redis, logging, metrics, worker));
    expect(keys(taggerEnvSchema)).toEqual(keysOf(database, redis, logging, metrics, tagger));
    expect(keys(webEnvSchema)).toEqual(keysOf(database, redis, logging, metrics, web, collectorKeys, proxy));
    expect(keys(watcherEnvSchema)).toEqual(keysOf(logging, watcher, adminToken));
    expect(keys(migrateEnvSchema)).toEqual(keysOf(database, logging));
    expect(keys(adminCliEnvSchema)).toEqual(keysOf(database, logging));
  });

  it("fragments do not define the same variable twice", () => {
    expect(new Set(everyVariable).size).toBe(everyVariable.length);
  });

  it("every secret name is a real variable", () => {
    for (const name of secretEnvNames) expect(everyVariable).toContain(name);
  });
});

describe("ingest-api", () => {
  it("accepts 0 to turn rate limits off", () => {
    const env = loadIngestApiEnv({ RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" });
    expect(env.RATE_LIMIT_EVENTS_PER_MIN).toBe(0);
    expect(env.RATE_LIMIT_REQUESTS_PER_MIN).toBe(0);
  });

  it("rejects negative rate limits", () => {
    expect(() => loadIngestApiEnv({ RATE_LIMIT_EVENTS_PER_MIN: "-1" })).toThrow(ConfigError);
  });

  it("requires a 24-character admin token when one is set", () => {
    expect(() => loadIngestApiEnv({ CATSYPHON_ADMIN_TOKEN: "x".repeat(23) })).toThrow(
      /CATSYPHON_ADMIN_TOKEN/,
    );
    expect(loadIngestApiEnv({ CATSYPHON_ADMIN_TOKEN: "x".repeat(24) }).CATSYPHON_ADMIN_TOKEN).toBe(
      "x".repeat(24),
    );
  });

  it("parses TRUST_PROXY strictly", () => {
    expect(loadIngestApiEnv({ TRUST_PROXY: "YES" }).TRUST_PROXY).toBe(true);
    expect(() => loadIngestApiEnv({ TRUST_PROXY: "sometimes" })).toThrow(/TRUST_PROXY/);
  });
});

describe("web", () => {
  const email = "admin@example.com";
  const password = "correct horse battery";

  it("accepts the first admin's email and password together", () => {
    const env = loadWebEnv({ CATSYPHON_INIT_ADMIN_EMAIL: email, CATSYPHON_INIT_ADMIN_PASSWORD: password });
    expect(env.CATSYPHON_INIT_ADMIN_EMAIL).toBe(email);
    expect(env.CATSYPHON_INIT_ADMIN_PASSWORD).toBe(password);
  });

  it("rejects one without the other", () => {
    expect(() => loadWebEnv({ CATSYPHON_INIT_ADMIN_EMAIL: email })).toThrow(
      "CATSYPHON_INIT_ADMIN_PASSWORD: must be set when CATSYPHON_INIT_ADMIN_EMAIL is set",
    );
    expect(() => loadWebEnv({ CATSYPHON_INIT_ADMIN_PASSWORD: password })).toThrow(
      "CATSYPHON_INIT_ADMIN_EMAIL: must be set when CATSYPHON_INIT_ADMIN_PASSWORD is set",
    );
  });

  it("requires a 12-character password", () => {
    expect(() =>
      loadWebEnv({ CATSYPHON_INIT_ADMIN_EMAIL: email, CATSYPHON_INIT_ADMIN_PASSWORD: "short" }),
    ).toThrow("CATSYPHON_INIT_ADMIN_PASSWORD: must be at least 12 characters\n");
  });
});

describe("watcher", () => {
  it("validates the server URL, key shape and collector id", () => {
    const env = loadWatcherEnv({
      CATSYPHON_SERVER_URL: "http://127.0.0.1:8000",
      CATSYPHON_API_KEY: "cs_live_0123456789abcdef0123456789abcdef",
      CATSYPHON_COLLECTOR_ID: "0b7c2d4e-8f1a-4b3c-9d2e-1f0a9b8c7d6e",
    });
    expect(env.CATSYPHON_SERVER_URL).toBe("http://127.0.0.1:8000");

    const error = configError(() =>
      loadWatcherEnv({
        CATSYPHON_SERVER_URL: "ftp://x",
        CATSYPHON_API_KEY: "sk-abc",
        CATSYPHON_COLLECTOR_ID: "42",
      }),
    );
    expect(error.problems.map((p) => p.name)).toEqual([
      "CATSYPHON_SERVER_URL",
      "CATSYPHON_API_KEY",
      "CATSYPHON_COLLECTOR_ID",
    ]);
    expect(error.message).not.toContain("sk-abc");
  });
});

describe(".env.example", () => {
  const lines = readFileSync(join(__dirname, "../../../.env.example"), "utf8").split("\n");
  const entries = lines.flatMap((line, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return match ? [{ name: match[1] ?? "", value: match[2] ?? "", comment: lines[index - 1] ?? "" }] : [];
  });

  it("lists every variable exactly once, each under a comment", () => {
    expect(entries.map((e) => e.name).sort()).toEqual([...everyVariable].sort());
    for (const entry of entries) expect(entry.comment).toMatch(/^# \S/);
  });

  it("shows each default (empty for optional variables)", () => {
    for (const { name, value } of entries) {
      expect([name, value]).toEqual([name, name in allDefaults ? String(allDefaults[name]) : ""]);
    }
  });
});

describe("Redis Cluster settings", () => {
  const seeds = "redis://10.0.0.1:7000, redis://10.0.0.2:7000,redis://10.0.0.3:7000";

  it("take a comma-separated list of seed nodes with REDIS_CLUSTER=true", () => {
    const env = loadIngestWorkerEnv({ REDIS_CLUSTER: "true", REDIS_URL: seeds });
    expect(env.REDIS_CLUSTER).toBe(true);
    expect(env.REDIS_URL).toBe(seeds);
    expect(loadWebEnv({ REDIS_CLUSTER: "yes", REDIS_URL: "redis://10.0.0.1:7000" }).REDIS_CLUSTER).toBe(true);
  });

  it("refuse several URLs without REDIS_CLUSTER", () => {
    const error = configError(() => loadTaggerEnv({ REDIS_URL: seeds }));
    expect(error.problems).toEqual([
      { name: "REDIS_URL", message: expect.stringContaining("REDIS_CLUSTER=true") },
    ]);
  });

  it("refuse a prefix without a hash tag in a cluster, naming REDIS_KEY_PREFIX", () => {
    for (const prefix of ["catsyphon", "{}catsyphon", "cat}{syphon"]) {
      const error = configError(() =>
        loadIngestApiEnv({ REDIS_CLUSTER: "true", REDIS_URL: seeds, REDIS_KEY_PREFIX: prefix }),
      );
      expect(error.problems.map((p) => p.name)).toEqual(["REDIS_KEY_PREFIX"]);
      expect(error.message).toContain("CROSSSLOT");
    }
    // The same prefix is fine on a single Redis (tests use such prefixes).
    expect(loadIngestApiEnv({ REDIS_KEY_PREFIX: "catsyphon" }).REDIS_KEY_PREFIX).toBe("catsyphon");
    expect(
      loadIngestApiEnv({ REDIS_CLUSTER: "true", REDIS_KEY_PREFIX: "{prod}:catsyphon" }).REDIS_KEY_PREFIX,
    ).toBe("{prod}:catsyphon");
  });

  it("refuse a database number in a cluster, and junk between the commas", () => {
    const error = configError(() =>
      loadIngestWorkerEnv({ REDIS_CLUSTER: "true", REDIS_URL: "redis://a:7000/2" }),
    );
    expect(error.problems).toEqual([
      { name: "REDIS_URL", message: expect.stringContaining("database 0 only") },
    ]);
    const junk = configError(() =>
      loadIngestWorkerEnv({ REDIS_CLUSTER: "true", REDIS_URL: "redis://a:7000,b:7000" }),
    );
    expect(junk.problems.map((p) => p.name)).toEqual(["REDIS_URL"]);
    expect(junk.message).not.toContain("b:7000");
  });

  it("refuse a REDIS_CLUSTER that is not a boolean", () => {
    const error = configError(() => loadIngestWorkerEnv({ REDIS_CLUSTER: "cluster" }));
    expect(error.problems.map((p) => p.name)).toEqual(["REDIS_CLUSTER"]);
  });
});
