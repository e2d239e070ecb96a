import { describe, expect, it } from "@jest/globals";
import { loadIngestApiEnv, loadWatcherEnv } from "./apps";
import { isSecretEnvName, redactEnv } from "./secrets";

describe("redactEnv", () => {
  it("masks URL passwords and replaces other secrets, keeping everything else", () => {
    const env = loadIngestApiEnv({
      DATABASE_URL: "postgres://app:s3cr3t@db.internal:5432/catsyphon",
      REDIS_URL: "rediss://:r3d1s@cache:6380/0",
      CATSYPHON_ADMIN_TOKEN: "a".repeat(32),
    });
    const safe = redactEnv(env);
    expect(safe.DATABASE_URL).toBe("postgres://app:[redacted]@db.internal:5432/catsyphon");
    expect(safe.REDIS_URL).toBe("rediss://:[redacted]@cache:6380/0");
    expect(safe.CATSYPHON_ADMIN_TOKEN).toBe("[redacted]");
    expect(safe.INGEST_API_PORT).toBe(8000);
    expect(JSON.stringify(safe)).not.toMatch(/s3cr3t|r3d1s|aaaa/);
  });

  it("masks a password containing an unencoded @ up to the last one", () => {
    const env = loadIngestApiEnv({ DATABASE_URL: "postgresql://app:p@ss@db/catsyphon" });
    expect(redactEnv(env).DATABASE_URL).toBe("postgresql://app:[redacted]@db/catsyphon");
  });

  it("leaves unset secrets and password-less URLs alone", () => {
    const safe = redactEnv(loadWatcherEnv({}));
    expect(safe.CATSYPHON_API_KEY).toBeUndefined();
    expect(redactEnv(loadIngestApiEnv({})).DATABASE_URL).toBe(
      "postgresql://postgres@127.0.0.1:5432/catsyphon",
    );
  });
});

describe("isSecretEnvName", () => {
  it("knows the secrets", () => {
    expect(isSecretEnvName("OPENAI_API_KEY")).toBe(true);
    expect(isSecretEnvName("OPENAI_BASE_URL")).toBe(false);
  });
});

describe("redactEnv with Redis Cluster seed nodes", () => {
  it("masks the password of every URL in the list", () => {
    const env = loadIngestApiEnv({
      REDIS_CLUSTER: "true",
      REDIS_URL: "redis://:pw1@a:7000,rediss://app:pw2@b:7000,redis://c:7000",
    });
    expect(redactEnv(env).REDIS_URL).toBe(
      "redis://:[redacted]@a:7000,rediss://app:[redacted]@b:7000,redis://c:7000",
    );
  });
});
