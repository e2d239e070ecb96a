// Error classification, without Redis.
import { describe, expect, it } from "@jest/globals";
import { UnrecoverableError } from "bullmq";

import {
  InvalidJobPayloadError,
  isRedisUnavailable,
  isUnrecoverableError,
  RedisUnavailableError,
  UnrecoverableJobError,
} from "../src";
import { loggableError } from "../src/errors";

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("isRedisUnavailable", () => {
  it("recognizes what ioredis and Redis say when Redis cannot take a command", () => {
    const unavailable = [
      new RedisUnavailableError(),
      withCode("connect ECONNREFUSED 127.0.0.1:6379", "ECONNREFUSED"),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error("Connection is closed."),
      new Error("Command timed out"),
      Object.assign(new Error("Reached the max retries per request limit (which is 1)."), {
        name: "MaxRetriesPerRequestError",
      }),
      new Error("LOADING Redis is loading the dataset in memory"),
      new Error("READONLY You can't write against a read only replica."),
      new Error("OOM command not allowed when used memory > 'maxmemory'."),
      new Error("enqueue failed", { cause: withCode("read ECONNRESET", "ECONNRESET") }),
    ];
    for (const error of unavailable)
      expect([error.message, isRedisUnavailable(error)]).toEqual([error.message, true]);
  });

  it("leaves bugs and bad input alone", () => {
    const others: unknown[] = [
      new TypeError("cannot read properties of undefined"),
      new InvalidJobPayloadError("ingest-batch", []),
      new Error("ERR wrong number of arguments for 'hget' command"),
      "ECONNREFUSED",
      undefined,
    ];
    for (const error of others) expect(isRedisUnavailable(error)).toBe(false);
  });
});

describe("UnrecoverableJobError", () => {
  it("is a BullMQ UnrecoverableError, so BullMQ does not retry it", () => {
    const cause = new Error("row gone");
    const error = new UnrecoverableJobError("workspace deleted", { cause });
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(error.name).toBe("UnrecoverableJobError");
    expect(error.cause).toBe(cause);
    expect(isUnrecoverableError(error)).toBe(true);
    expect(isUnrecoverableError(new UnrecoverableError("x"))).toBe(true);
    expect(isUnrecoverableError(new Error("x"))).toBe(false);
  });
});

describe("loggableError", () => {
  it("keeps type, message and stack, and drops properties and causes that may quote the payload", () => {
    const error = Object.assign(new UnrecoverableJobError("boom", { cause: new Error("content: secret") }), {
      meta: { value: "secret" },
    });
    const safe = loggableError(error);
    expect(safe.message).toBe("boom");
    expect(safe.name).toBe("UnrecoverableJobError");
    expect(safe.stack).toBe(error.stack);
    expect(safe.constructor).toBe(UnrecoverableJobError);
    expect(safe.cause).toBeUndefined();
    expect(Object.keys(safe)).toEqual([]);
  });
});
