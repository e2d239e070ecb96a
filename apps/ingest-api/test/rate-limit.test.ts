import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, type TestDatabase } from "@catsyphon/testing";
import { batch, collectorHeaders, registerCollector, request, startTestApi, type TestApi } from "./harness";

describe("per-collector rate limits", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("rate-limit");
  });
  afterAll(() => database.drop());

  it("limits requests a minute with 429, Retry-After and RateLimit headers, per collector", async () => {
    const api: TestApi = await startTestApi(
      "rl-requests",
      { RATE_LIMIT_REQUESTS_PER_MIN: "3" },
      { database },
    );
    try {
      const limited = await registerCollector(api);
      const unaffected = await registerCollector(api);
      const send = (credentials = limited, from = 1) =>
        request(`${api.url}/collectors/events`, {
          headers: collectorHeaders(credentials),
          body: batch("rl", from, from),
        });
      const ok = [await send(limited, 1), await send(limited, 2), await send(limited, 3)];
      expect(ok.map((r) => r.status)).toEqual([202, 202, 202]);
      expect(ok[0]?.headers.get("ratelimit-limit")).toBe("3");
      expect(ok[2]?.headers.get("ratelimit-remaining")).toBe("0");
      const blocked = await send(limited, 4);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error).toBe("rate_limited");
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(20);
      expect(blocked.headers.get("ratelimit-policy")).toBe("3;w=60");
      expect((await send(unaffected, 1)).status).toBe(202);
    } finally {
      await api.close();
    }
  });

  it("counts invalid batches too; a limited collector hears 429 whatever its batch", async () => {
    const api = await startTestApi("rl-invalid", { RATE_LIMIT_REQUESTS_PER_MIN: "2" }, { database });
    try {
      const collector = await registerCollector(api);
      const send = (body: unknown) =>
        request(`${api.url}/collectors/events`, { headers: collectorHeaders(collector), body });
      const invalid = { session_id: "rl-invalid", events: [] };
      expect((await send(invalid)).status).toBe(400);
      expect((await send(invalid)).status).toBe(400);
      const limited = [await send(invalid), await send(batch("rl-invalid", 1, 1))];
      expect(limited.map((r) => [r.status, r.body.error])).toEqual([
        [429, "rate_limited"],
        [429, "rate_limited"],
      ]);
    } finally {
      await api.close();
    }
  });

  it("limits events a minute independently of requests", async () => {
    const api = await startTestApi(
      "rl-events",
      { RATE_LIMIT_EVENTS_PER_MIN: "10", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
      { database },
    );
    try {
      const collector = await registerCollector(api);
      const first = await request(`${api.url}/collectors/events`, {
        headers: collectorHeaders(collector),
        body: batch("ev", 1, 8),
      });
      expect(first.status).toBe(202);
      const second = await request(`${api.url}/collectors/events`, {
        headers: collectorHeaders(collector),
        body: batch("ev", 9, 16),
      });
      expect(second.status).toBe(429);
      expect(second.body.message).toMatch(/events/);
      expect(second.headers.get("ratelimit-limit")).toBe("10");
    } finally {
      await api.close();
    }
  });

  it("0 turns both limits off", async () => {
    const api = await startTestApi(
      "rl-off",
      { RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
      { database },
    );
    try {
      const collector = await registerCollector(api);
      for (let i = 1; i <= 5; i += 1) {
        const res = await request(`${api.url}/collectors/events`, {
          headers: collectorHeaders(collector),
          body: batch("off", i, i),
        });
        expect(res.status).toBe(202);
        expect(res.headers.get("ratelimit-limit")).toBeNull();
      }
    } finally {
      await api.close();
    }
  });
});
