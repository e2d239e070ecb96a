// The ingest API (a child process, as deployed) reaches Postgres and Redis through TCP proxies the test controls:
// while either is away /ready says so (503) and requests that need it answer 503; dropped connections never end
// the process; when they come back the API is ready again without a restart.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  startIngestApiProcess,
  TcpProxy,
  type IngestApiProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";
import { batch, collectorHeaders, request } from "./harness";

describe("ingest API while Postgres or Redis goes away and comes back", () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let api: IngestApiProcess;
  let collector: CollectorCredentials;

  beforeAll(async () => {
    database = await createTestDatabase("api-resilience");
    redis = createTestRedis("api-resilience");
    postgresProxy = await TcpProxy.forUrl(database.url);
    redisProxy = await TcpProxy.forUrl(redis.url);
    api = await startIngestApiProcess({
      label: "api-resilience",
      database,
      redis,
      env: { DATABASE_URL: postgresProxy.url(database.url), REDIS_URL: redisProxy.url(redis.url) },
    });
    const registered = await request<CollectorCredentials>(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: { collector_type: "sdk", collector_version: "1", hostname: "h" },
    });
    expect(registered.status).toBe(201);
    collector = registered.body;
  });
  afterAll(async () => {
    await api.stop();
    await postgresProxy.close();
    await redisProxy.close();
    await redis.cleanup();
    await database.drop();
  });

  const ready = async () => (await request(`${api.url}/ready`)).status;
  const readyWith = (status: number) => eventually(async () => (await ready()) === status);
  const alive = async () => (await request(`${api.url}/health`)).status === 200;

  it("answers ready while both answer", async () => {
    expect(await ready()).toBe(200);
  });

  it("Postgres cut: not ready, registration 503, the process lives; ready again once it is back", async () => {
    // A connection in the pool when Postgres goes: its socket is reset under it.
    expect(postgresProxy.connections).toBeGreaterThan(0);
    await postgresProxy.cut();
    await readyWith(503);
    const body = (await request(`${api.url}/ready`)).body;
    expect(body).toMatchObject({ checks: { postgres: "unavailable", redis: "ok" } });
    const registration = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: { collector_type: "sdk", collector_version: "1", hostname: "h" },
    });
    expect(registration.status).toBe(503);
    expect(registration.body).toMatchObject({ error: "service_unavailable" });
    expect(await alive()).toBe(true);
    // The pooled connection's error event reached a handler, which says so (and nothing ended the process).
    await eventually(async () => api.output().includes("a Postgres connection failed"));

    await postgresProxy.resume();
    await readyWith(200);
    const again = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: { collector_type: "sdk", collector_version: "1", hostname: "h" },
    });
    expect(again.status).toBe(201);
  });

  it("Postgres paused (calls hang): not ready; ready again after resume", async () => {
    postgresProxy.pause();
    await readyWith(503);
    expect(await alive()).toBe(true);
    await postgresProxy.resume();
    await readyWith(200);
  });

  it("Redis cut: not ready, events 503, never 202; ready and accepting again once it is back", async () => {
    await redisProxy.cut();
    await readyWith(503);
    expect((await request(`${api.url}/ready`)).body).toMatchObject({ checks: { redis: "unavailable" } });
    const refused = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("resilience", 1, 2),
    });
    expect(refused.status).toBe(503);
    expect(await alive()).toBe(true);

    await redisProxy.resume();
    await readyWith(200);
    const accepted = await eventually(async () => {
      const res = await request(`${api.url}/collectors/events`, {
        headers: collectorHeaders(collector),
        body: batch("resilience", 1, 2),
      });
      return res.status === 202 ? res : undefined;
    });
    expect(accepted.body).toMatchObject({ accepted: 2, last_sequence: 2 });
  });

  it("both cut at once while requests are in flight: the process still serves /health and recovers", async () => {
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      request(`${api.url}/collectors`, {
        headers: { authorization: `Bearer ${api.adminToken}` },
        body: { collector_type: "sdk", collector_version: "1", hostname: `h${i}` },
      }).then((res) => res.status),
    );
    await postgresProxy.cut();
    await redisProxy.cut();
    for (const status of await Promise.all(inFlight)) expect([201, 503]).toContain(status);
    expect(await alive()).toBe(true);
    await postgresProxy.resume();
    await redisProxy.resume();
    await readyWith(200);
  });
});
