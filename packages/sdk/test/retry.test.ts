import { describe, expect, it } from "@jest/globals";

import { backoffDelay, parseRetryAfter, retryDelay } from "../src/retry";

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("backoff with full jitter", () => {
  it("draws from [0, base * 2^(attempt-1)]", () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it("is capped by maxDelayMs", () => {
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 1000, () => 0.999)).toBe(999);
  });

  it("never waits less than Retry-After", () => {
    expect(retryDelay(policy, 1, 30_000, () => 0.999)).toBe(30_000);
    expect(retryDelay(policy, 4, 10, () => 0.999)).toBe(799);
    expect(retryDelay(policy, 1, undefined, () => 0)).toBe(0);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });

  it("reads an HTTP-date, relative to now", () => {
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:42 GMT", now)).toBe(42_000);
    expect(parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
