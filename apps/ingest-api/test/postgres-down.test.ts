import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import { batch, collectorHeaders, registerCollector, request, startTestApi, type TestApi } from "./harness";

describe("when Postgres is unavailable", () => {
  let api: TestApi;
  let collector: CollectorCredentials;

  beforeAll(async () => {
    api = await startTestApi("postgres-down");
    collector = await registerCollector(api);
  });
  afterAll(() => api.close());

  it("answers 503 on the paths that need it, never 500 or 202", async () => {
    // The service's database disappears under it (its connections are killed, new ones are refused).
    await api.database.drop();

    const registration = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: { collector_type: "sdk", collector_version: "1", hostname: "h" },
    });
    expect(registration.status).toBe(503);
    expect(registration.body).toMatchObject({ error: "service_unavailable" });

    // A collector not yet in the process's short-lived cache must be looked up in Postgres.
    const events = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("pg-down", 1, 2),
    });
    expect(events.status).toBe(503);

    const ready = await request(`${api.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { postgres: "unavailable", redis: "ok" } });
  });
});
