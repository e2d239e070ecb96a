import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import { batch, collectorHeaders, registerCollector, request, startTestApi, type TestApi } from "./harness";
import { PrivateRedisServer } from "@catsyphon/testing";

describe("when Redis is down", () => {
  let redis: PrivateRedisServer;
  let api: TestApi;
  let collector: CollectorCredentials;

  beforeAll(async () => {
    redis = await PrivateRedisServer.onFreePort();
    await redis.start();
    api = await startTestApi("redis-down", { REDIS_URL: redis.url });
    collector = await registerCollector(api);
  });
  afterAll(async () => {
    await api.close();
    await redis.dispose();
  });

  it("answers 503 (never 202 or 500) and reports not ready; recovers when Redis is back", async () => {
    const first = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("down", 1, 2),
    });
    expect(first.status).toBe(202);

    await redis.stop();
    const during = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("down", 3, 4),
    });
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ error: "service_unavailable" });
    expect(during.headers.get("retry-after")).toBeTruthy();
    const ready = await request(`${api.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { redis: "unavailable", postgres: "ok" } });
    expect((await request(`${api.url}/health`)).status).toBe(200);

    // A fresh Redis knows nothing: the sequence falls back to Postgres (empty here), so 1..4 are accepted anew.
    await redis.start();
    let after = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("down", 1, 4),
    });
    for (let attempt = 0; after.status === 503 && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await request(`${api.url}/collectors/events`, {
        headers: collectorHeaders(collector),
        body: batch("down", 1, 4),
      });
    }
    expect(after.status).toBe(202);
    expect(after.body).toMatchObject({ last_sequence: 4 });
  });
});
