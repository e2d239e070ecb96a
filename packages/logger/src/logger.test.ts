import { describe, expect, it } from "@jest/globals";
import { type DestinationStream } from "pino";
import { createLogger } from "./logger";

function capture(): { lines: string[]; destination: DestinationStream } {
  const lines: string[] = [];
  return { lines, destination: { write: (line) => void lines.push(line) } };
}

function loggerWithOutput(options: { level?: "info" | "debug" | "warn"; pretty?: boolean } = {}) {
  const { lines, destination } = capture();
  const logger = createLogger({ name: "test", destination, ...options });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const SECRET = "s3cr3t-value-do-not-log";

describe("createLogger", () => {
  it("writes JSON lines with name, level and message", () => {
    const { logger, records } = loggerWithOutput();
    logger.info({ sessionId: "abc" }, "batch accepted");
    expect(records()).toEqual([
      expect.objectContaining({ name: "test", level: 30, msg: "batch accepted", sessionId: "abc" }),
    ]);
  });

  it("honours the level", () => {
    const { logger, lines } = loggerWithOutput({ level: "warn" });
    logger.info("hidden");
    logger.warn("shown");
    expect(lines).toHaveLength(1);
    expect(createLogger({ name: "x", destination: capture().destination }).level).toBe("info");
  });

  it.each([
    ["req.headers.authorization", { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
    ["req.headers.cookie", { req: { headers: { cookie: `sid=${SECRET}` } } }],
    ['req.headers["x-api-key"]', { req: { headers: { "x-api-key": SECRET } } }],
    ['res.headers["set-cookie"]', { res: { headers: { "set-cookie": [`sid=${SECRET}; HttpOnly`] } } }],
    ["top-level password", { password: SECRET }],
    ["top-level token", { token: SECRET }],
    ["nested api_key", { openai: { api_key: SECRET } }],
    ["nested apiKey", { client: { apiKey: SECRET } }],
    ["two levels deep access_token", { a: { b: { access_token: SECRET } } }],
    ["three levels deep refresh_token", { a: { b: { c: { refresh_token: SECRET } } } }],
    ["secret", { oauth: { secret: SECRET } }],
    ["admin_token", { body: { admin_token: SECRET } }],
    ["cookie", { cookie: SECRET }],
    ["authorization on an outgoing request", { request: { headers: { Authorization: `Bearer ${SECRET}` } } }],
    ["inside an array", { users: [{ name: "ann", password: SECRET }] }],
  ])("redacts %s, keeping other fields", (_label, payload) => {
    const { logger, lines } = loggerWithOutput();
    logger.info({ ...payload, keep: "visible-field" }, "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).toContain("[redacted]");
    expect(lines[0]).toContain("visible-field");
  });

  it("keeps non-secret siblings of redacted headers", () => {
    const { logger, records } = loggerWithOutput();
    logger.info({ req: { method: "POST", headers: { authorization: SECRET, "x-collector-id": "c-1" } } });
    expect(records()[0]?.req).toEqual({
      method: "POST",
      headers: { authorization: "[redacted]", "x-collector-id": "c-1" },
    });
  });

  it("serializes errors with pino's std serializer and masks credentials in message and stack", () => {
    const { logger, records } = loggerWithOutput();
    const error = new Error(`connect ECONNREFUSED postgres://app:${SECRET}@db:5432/catsyphon`);
    logger.error({ err: error }, "database unreachable");
    const [record] = records();
    expect(record?.err).toEqual(
      expect.objectContaining({
        type: "Error",
        message: "connect ECONNREFUSED postgres://app:[redacted]@db:5432/catsyphon",
      }),
    );
    expect(JSON.stringify(record)).not.toContain(SECRET);
    expect(String((record?.err as { stack?: unknown }).stack)).toContain("logger.test.ts");
  });

  it("masks the message pino takes from an Error logged on its own", () => {
    const { logger, records } = loggerWithOutput();
    logger.error(new Error(`rejected key cs_live_${"a".repeat(32)}`));
    const [record] = records();
    expect(record?.msg).toBe("rejected key cs_live_[redacted]");
    expect(JSON.stringify(record)).not.toContain("a".repeat(32));
  });

  it("masks the message pino takes from `{ err }` when no message is given", () => {
    const { logger, lines } = loggerWithOutput();
    logger.error({ err: new Error(`GET failed: Authorization: Bearer ${SECRET}`) });
    expect(lines[0]).toContain('"msg":"GET failed: Authorization: Bearer [redacted]"');
    expect(lines[0]).not.toContain(SECRET);
  });

  it("masks secrets in any string field and keeps every line valid JSON", () => {
    const { logger, lines, records } = loggerWithOutput();
    logger.info({ url: `redis://:${SECRET}@cache:6379`, email: "ann@example.com" }, "connecting");
    logger.info({ note: `quote " and backslash \\ around Bearer ${SECRET}\\"x` }, `say "Bearer ${SECRET}"`);
    logger.info({ header: `Bearer ${SECRET}`, next: "@" }, `postgres://u:${SECRET}"@h`);
    expect(lines.join("")).not.toContain(SECRET.slice(0, 12));
    expect(records()).toHaveLength(3); // each line still parses
    expect(records()[0]).toEqual(
      expect.objectContaining({ url: "redis://:[redacted]@cache:6379", email: "ann@example.com" }),
    );
  });

  it("serializes errors under `error` too, with causes", () => {
    const { logger, lines } = loggerWithOutput();
    const cause = new Error(`Bearer ${SECRET}`);
    logger.warn({ error: new Error("upstream failed", { cause }) }, "tagging failed");
    expect(lines[0]).toContain("upstream failed: Bearer [redacted]");
    expect(lines[0]).not.toContain(SECRET);
  });

  it("masks credentials in free-text messages and interpolated strings", () => {
    const { logger, lines } = loggerWithOutput();
    logger.info(`connecting to redis://:${SECRET}@cache:6379`);
    logger.info("sending with %s", `Bearer ${SECRET}`);
    expect(lines.join("")).not.toContain(SECRET);
    expect(lines[0]).toContain("redis://:[redacted]@cache:6379");
  });

  it("redacts in child loggers", () => {
    const { logger, lines } = loggerWithOutput();
    logger.child({ component: "auth" }).info({ token: SECRET }, "checked");
    expect(lines[0]).toContain('"component":"auth"');
    expect(lines[0]).not.toContain(SECRET);
  });

  it("writes redacted human-readable lines when pretty", () => {
    const { logger, lines } = loggerWithOutput({ pretty: true });
    logger.info({ password: SECRET, count: 3 }, "hello");
    logger.error(new Error("boom"));
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}test: hello \{"password":"\[redacted\]","count":3\}\n$/,
    );
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR test: boom\nError: boom\n {4}at /);
  });
});
