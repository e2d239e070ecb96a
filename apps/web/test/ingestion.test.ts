// The ingestion page's API and collectors managed from the dashboard, against the real write path: a collector
// created from the web posts through the ingest API (202) and is refused after its revocation (401); jobs, collector
// traffic and health, and queue depth match what was sent; a parked batch shows in jobs and queues, announces
// itself on the live stream, and is re-driven by the admin route (viewer and member: 403; another workspace: 404).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sha256Hex } from "@catsyphon/accounts";
import { eventually } from "@catsyphon/testing";
import { collectorListSchema, createdCollectorSchema } from "../src/features/collectors/schemas";
import {
  collectorHealthListSchema,
  ingestionJobListSchema,
  ingestionJobSchema,
  queueDepthsSchema,
} from "../src/features/ingestion/schemas";
import { body, TestClient } from "./support/client";
import { PASSWORD, workspaceWithMembers } from "./support/fixtures";
import { openEventStream } from "./support/sse";
import { type CollectorKey, sendBatch, sessionEvents, type Stack, startStack } from "./support/stack";

let stack: Stack;
type Team = Awaited<ReturnType<typeof workspaceWithMembers>>;
let a: Team;
let b: Team;
const clients = {} as Record<"admin" | "member" | "viewer" | "adminB", TestClient>;
let collector: CollectorKey & { api_key_prefix: string };
let conversationId = "";

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(stack.web.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

beforeAll(async () => {
  stack = await startStack("web-ingestion");
  a = await workspaceWithMembers(stack.prisma, "Ingest A");
  b = await workspaceWithMembers(stack.prisma, "Ingest B");
  clients.admin = await signedIn(a.users.admin.email);
  clients.member = await signedIn(a.users.member.email);
  clients.viewer = await signedIn(a.users.viewer.email);
  clients.adminB = await signedIn(b.users.admin.email);
});

afterAll(async () => {
  await stack?.close();
});

describe("collectors from the dashboard", () => {
  it("an admin creates one; its key is shown once, stored hashed, and accepted by the ingest API", async () => {
    for (const role of ["member", "viewer"] as const) {
      const refused = await clients[role].post("/api/v1/collectors", { json: { name: "nope" } });
      expect(refused.status).toBe(403);
    }
    expect((await clients.admin.post("/api/v1/collectors", { json: { name: "" } })).status).toBe(400);

    const response = await clients.admin.post("/api/v1/collectors", {
      json: { name: "ci runner", description: "nightly backfills" },
    });
    expect(response.status).toBe(201);
    const created = createdCollectorSchema.parse(await body(response));
    expect(created).toMatchObject({
      name: "ci runner",
      description: "nightly backfills",
      state: "active",
      workspace_id: a.workspace.id,
    });
    expect(created.api_key).toMatch(/^cs_test_[A-Za-z0-9]{32}$/);
    expect(created.api_key.startsWith(created.api_key_prefix)).toBe(true);
    collector = { id: created.id, api_key: created.api_key, api_key_prefix: created.api_key_prefix };

    const row = await stack.prisma.collectorConfig.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyHash).toBe(sha256Hex(created.api_key));
    const list = collectorListSchema.parse(await body(await clients.viewer.get("/api/v1/collectors")));
    expect(list.items.map((c) => c.name)).toEqual(["ci runner"]);
    expect(JSON.stringify(list)).not.toContain(created.api_key);
    // B sees none of A's collectors.
    expect(await body(await clients.adminB.get("/api/v1/collectors"))).toEqual({ items: [] });

    const first = await sendBatch(stack.api, collector, "ingest-one", sessionEvents(1, 3));
    expect(first.status).toBe(202);
    conversationId = String(first.body.conversation_id);
    const second = await sendBatch(stack.api, collector, "ingest-one", sessionEvents(4, 5));
    expect(second.status).toBe(202);
  });
});

describe("GET /api/v1/ingestion/*", () => {
  it("lists the batches, newest first, with filters and 400s", async () => {
    const jobs = await eventually(async () => {
      const page = ingestionJobListSchema.parse(
        await body(await clients.viewer.get("/api/v1/ingestion/jobs")),
      );
      // The page and its total are two reads: wait until both see the second batch.
      return page.total === 2 &&
        page.items.length === 2 &&
        page.items.every((job) => job.status === "succeeded")
        ? page
        : undefined;
    });
    expect(jobs.items.map((job) => [job.first_sequence, job.last_sequence, job.events_accepted])).toEqual([
      [4, 5, 2],
      [1, 3, 3],
    ]);
    expect(jobs.items[0]).toMatchObject({
      collector_id: collector.id,
      conversation_id: conversationId,
      source: "collector",
      messages_written: 2,
      error: null,
    });
    const byConversation = await body(
      await clients.viewer.get(`/api/v1/ingestion/jobs?conversation_id=${conversationId}&page_size=1&page=2`),
    );
    expect(byConversation).toMatchObject({ total: 2, page: 2, page_size: 1, pages: 2 });
    expect(
      await body(await clients.viewer.get(`/api/v1/ingestion/jobs?collector_id=${collector.id}`)),
    ).toMatchObject({
      total: 2,
    });
    expect(await body(await clients.viewer.get("/api/v1/ingestion/jobs?status=failed"))).toMatchObject({
      total: 0,
    });
    // Another workspace's view of the same filters is empty.
    expect(
      await body(await clients.adminB.get(`/api/v1/ingestion/jobs?collector_id=${collector.id}`)),
    ).toMatchObject({ total: 0, items: [] });
    for (const bad of ["status=stuck", "page_size=101", "collector_id=nope", "colector_id=x"]) {
      const response = await clients.viewer.get(`/api/v1/ingestion/jobs?${bad}`);
      expect([bad, response.status]).toEqual([bad, 400]);
      expect(await body(response)).toMatchObject({ error: "invalid_query" });
    }
  });

  it("shows each collector's traffic today and in 24 h, and its health", async () => {
    const health = await eventually(async () => {
      const list = collectorHealthListSchema.parse(
        await body(await clients.viewer.get("/api/v1/ingestion/collectors?tz=Europe/Paris")),
      );
      // last_seen_at is written by the ingest API off the request path.
      return list.items[0]?.last_seen_at ? list : undefined;
    });
    expect(health.items).toEqual([
      expect.objectContaining({
        id: collector.id,
        name: "ci runner",
        kind: "sdk",
        today: { events: 5, batches: 2 },
        last_24h: { events: 5, batches: 2 },
        parked: 0,
        health: "healthy",
      }),
    ]);
    const rows = await stack.prisma.ingestionJob.aggregate({
      where: { collectorId: collector.id },
      _sum: { eventsAccepted: true },
    });
    expect(rows._sum.eventsAccepted).toBe(5);
    expect((await clients.viewer.get("/api/v1/ingestion/collectors?tz=Mars/Olympus")).status).toBe(400);
  });

  it("counts the queues", async () => {
    const depths = queueDepthsSchema.parse(await body(await clients.viewer.get("/api/v1/ingestion/queues")));
    expect(depths.items.map((q) => q.name).sort()).toEqual(["ingest", "maintenance", "tagging"]);
    expect(depths.items.find((q) => q.name === "ingest")).toMatchObject({ failed: 0 });
    expect(depths.workspace_parked).toBe(0);
  });
});

describe("a parked batch", () => {
  it("shows in jobs, queues and health, is announced live, and is re-driven by an admin only", async () => {
    const cookie = [...clients.viewer.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const stream = await openEventStream(`${stack.web.url}/api/v1/events`, { headers: { cookie } });
    await stream.waitFor(() => stream.retry !== undefined);
    // A value the database refuses, as the worker's tests park a batch (a release that cannot store it yet).
    await stack.prisma.$executeRawUnsafe(
      `ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (content NOT LIKE '%POISON%')`,
    );
    const sent = await sendBatch(
      stack.api,
      collector,
      "ingest-one",
      sessionEvents(6, 7, undefined, (n) => `POISON ${n}`),
    );
    expect(sent.status).toBe(202);

    const parked = await eventually(async () => {
      const page = ingestionJobListSchema.parse(
        await body(await clients.viewer.get("/api/v1/ingestion/jobs?status=failed")),
      );
      return page.items[0];
    });
    expect(parked).toMatchObject({ first_sequence: 6, last_sequence: 7, collector_id: collector.id });
    expect(parked.error).toMatch(/no_poison/);
    const announced = await stream.next((e) => e.event === "ingestion.failed");
    expect(announced.data).toEqual({
      job_id: parked.queue_job_id,
      conversation_id: conversationId,
      session_id: "ingest-one",
      reason: expect.stringMatching(/no_poison.*SQLSTATE 23514/),
    });
    stream.close();

    const depths = queueDepthsSchema.parse(await body(await clients.viewer.get("/api/v1/ingestion/queues")));
    expect(depths.items.find((q) => q.name === "ingest")).toMatchObject({ failed: 1 });
    expect(depths.workspace_parked).toBe(1);
    const health = collectorHealthListSchema.parse(
      await body(await clients.viewer.get("/api/v1/ingestion/collectors")),
    );
    expect(health.items[0]).toMatchObject({ parked: 1, health: "failing" });

    const retryPath = `/api/v1/ingestion/jobs/${parked.id}/retry`;
    expect((await clients.viewer.post(retryPath)).status).toBe(403);
    expect((await clients.member.post(retryPath)).status).toBe(403);
    expect((await clients.adminB.post(retryPath)).status).toBe(404);

    await stack.prisma.$executeRawUnsafe(`ALTER TABLE messages DROP CONSTRAINT no_poison`);
    const retried = await clients.admin.post(retryPath);
    expect(retried.status).toBe(200);
    expect(ingestionJobSchema.parse(await body(retried))).toMatchObject({ id: parked.id, status: "queued" });
    await eventually(() =>
      stack.prisma.ingestionJob.findFirst({ where: { id: parked.id, status: "succeeded" } }),
    );
    expect(await stack.prisma.message.count({ where: { conversationId } })).toBe(6);
    const again = await clients.admin.post(retryPath);
    expect(again.status).toBe(409);
    expect(await body(again)).toMatchObject({ error: "conflict" });
    const after = queueDepthsSchema.parse(await body(await clients.viewer.get("/api/v1/ingestion/queues")));
    expect(after.items.find((q) => q.name === "ingest")).toMatchObject({ failed: 0 });
    expect(after.workspace_parked).toBe(0);
    const healthAfter = collectorHealthListSchema.parse(
      await body(await clients.viewer.get("/api/v1/ingestion/collectors")),
    );
    expect(healthAfter.items[0]).toMatchObject({
      parked: 0,
      health: "healthy",
      today: { events: 7, batches: 3 },
    });
  });
});

describe("revoking a collector from the dashboard", () => {
  it("makes the ingest API refuse its key (within its 5 s collector cache)", async () => {
    expect((await clients.member.call("DELETE", `/api/v1/collectors/${collector.id}`)).status).toBe(403);
    expect((await clients.adminB.call("DELETE", `/api/v1/collectors/${collector.id}`)).status).toBe(404);
    const revoked = await clients.admin.call("DELETE", `/api/v1/collectors/${collector.id}`);
    expect(revoked.status).toBe(200);
    expect(await body(revoked)).toMatchObject({ state: "revoked" });
    await eventually(
      async () => (await sendBatch(stack.api, collector, "after-revoke", sessionEvents(1, 2))).status === 401,
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    const health = collectorHealthListSchema.parse(
      await body(await clients.viewer.get("/api/v1/ingestion/collectors")),
    );
    expect(health.items[0]).toMatchObject({ health: "revoked" });
  });
});
