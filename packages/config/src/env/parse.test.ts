import { afterEach, describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { ingestApiEnvSchema, webEnvSchema } from "../apps";
import { envShape, text } from "../fields";
import { ConfigError, parseEnv } from "./parse";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseEnv", () => {
  it("returns the typed config, ignoring unrelated variables", () => {
    const env = parseEnv(ingestApiEnvSchema, { INGEST_API_PORT: "9000", PATH: "/usr/bin" });
    expect(env.INGEST_API_PORT).toBe(9000);
    expect(env).not.toHaveProperty("PATH");
  });

  it("lists every invalid variable in one error", () => {
    const error = configError(() =>
      parseEnv(ingestApiEnvSchema, {
        DATABASE_POOL_SIZE: "12abc",
        INGEST_API_PORT: "-1",
        LOG_LEVEL: "loud",
        TRUST_PROXY: "maybe",
        CATSYPHON_KEY_ENV: "prod",
        REDIS_URL: "http://127.0.0.1:6379",
      }),
    );
    expect(error.name).toBe("ConfigError");
    expect(error.problems.map((p) => p.name).sort()).toEqual([
      "CATSYPHON_KEY_ENV",
      "DATABASE_POOL_SIZE",
      "INGEST_API_PORT",
      "LOG_LEVEL",
      "REDIS_URL",
      "TRUST_PROXY",
    ]);
    expect(error.message).toContain("Invalid environment (6 variables)");
    expect(error.message).toContain('DATABASE_POOL_SIZE: must be an integer from 1 to 200 (got "12abc")');
    expect(error.message).toContain('INGEST_API_PORT: must be an integer from 0 to 65535 (got "-1")');
    expect(error.message).toContain(
      "LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent",
    );
    expect(error.message).toContain('TRUST_PROXY: must be one of true/1/yes/false/0/no (got "maybe")');
    expect(error.message).toContain("REDIS_URL: must be a redis:// or rediss:// URL");
  });

  it("never echoes the value of a secret variable", () => {
    const secrets = {
      DATABASE_URL: "mysql://admin:hunter2-db@db:3306/x",
      REDIS_URL: "http://:hunter2-redis@cache:6379",
      CATSYPHON_ADMIN_TOKEN: "short-hunter2",
      CATSYPHON_INIT_ADMIN_PASSWORD: "hunter2",
      CATSYPHON_INIT_ADMIN_EMAIL: "not-an-email",
    };
    const error = configError(() => parseEnv(ingestApiEnvSchema.safeExtend(webEnvSchema.shape), secrets));
    expect(error.problems.map((p) => p.name).sort()).toEqual(Object.keys(secrets).sort());
    for (const name of [
      "DATABASE_URL",
      "REDIS_URL",
      "CATSYPHON_ADMIN_TOKEN",
      "CATSYPHON_INIT_ADMIN_PASSWORD",
    ]) {
      expect(error.message).toContain(`${name}: `);
    }
    expect(error.message).not.toMatch(/hunter2/);
    // Non-secrets still show what was received.
    expect(error.message).toContain(
      'CATSYPHON_INIT_ADMIN_EMAIL: must be an email address (got "not-an-email")',
    );
  });

  it("truncates long echoed values", () => {
    const schema = z.object(envShape({ NAME: z.enum(["a"]) }));
    const error = configError(() => parseEnv(schema, { NAME: "x".repeat(500) }));
    expect(error.message).toContain(`(got "${"x".repeat(80)}...")`);
  });

  it("uses singular wording for one variable", () => {
    const schema = z.object(envShape({ NAME: text(3) }));
    expect(configError(() => parseEnv(schema, { NAME: "ab" })).message).toMatch(
      /^Invalid environment \(1 variable\):\n {2}NAME: must be at least 3 characters \(got "ab"\)\n/,
    );
  });

  describe("default source", () => {
    const probe = "CATSYPHON_CONFIG_TEST_PROBE";
    afterEach(() => {
      delete process.env[probe];
    });

    it("reads process.env", () => {
      process.env[probe] = "from-process-env";
      expect(parseEnv(z.object(envShape({ [probe]: text() })))).toEqual({ [probe]: "from-process-env" });
    });
  });
});
