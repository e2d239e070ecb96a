import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials, type EventBatchAccepted } from "@catsyphon/protocol";
import { Client } from "pg";
import { conversationIdFor } from "../src/sequencing/conversation-id";
import {
  batch,
  collectorHeaders,
  queuedIngestJobs,
  registerCollector,
  request,
  startTestApi,
  type TestApi,
} from "./harness";

describe("POST /collectors/events", () => {
  let api: TestApi;
  let collector: CollectorCredentials;
  let other: CollectorCredentials;

  beforeAll(async () => {
    api = await startTestApi("events");
    collector = await registerCollector(api);
    other = await registerCollector(api);
  });
  afterAll(() => api.close());

  const submit = (body: unknown, credentials = collector) =>
    request<EventBatchAccepted & Record<string, unknown>>(`${api.url}/collectors/events`, {
      headers: collectorHeaders(credentials),
      body,
    });

  it("accepts the seed batch, answers with the deterministic conversation id, and queues one job", async () => {
    const res = await submit(batch("seed-session", 1, 6));
    expect(res.status).toBe(202);
    const conversationId = conversationIdFor(collector.workspace_id, "seed-session");
    expect(res.body).toEqual({
      accepted: 6,
      duplicates: 0,
      last_sequence: 6,
      conversation_id: conversationId,
      warnings: [],
    });
    const jobs = (await queuedIngestJobs(api)).filter((job) => job.data.conversation_id === conversationId);
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job?.id).toBe(`batch-${conversationId}-1-6`);
    expect(job?.data).toMatchObject({
      workspace_id: collector.workspace_id,
      collector_id: collector.collector_id,
      session_id: "seed-session",
      first_sequence: 1,
      last_sequence: 6,
      source: "collector",
    });
    expect(job?.data.events.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Date.parse(job?.data.server_received_at)).not.toBeNaN();
  });

  it("logs one short access line per batch: no headers, no body", async () => {
    const res = await submit(batch("logged-session", 1, 2));
    const requestId = res.headers.get("x-request-id");
    const line = api.logs
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => (entry.req as { id?: unknown } | undefined)?.id === requestId);
    expect(line).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { id: requestId, method: "POST", url: "/collectors/events" },
      res: { statusCode: 202 },
      responseTime: expect.any(Number),
    });
    expect(Object.keys(line?.req as object).sort()).toEqual(["id", "method", "url"]);
    expect(Object.keys(line?.res as object)).toEqual(["statusCode"]);
    expect(JSON.stringify(line)).not.toContain("logged-session");
  });

  it("treats a resubmission as duplicates: 202, nothing accepted, no new job", async () => {
    const before = (await queuedIngestJobs(api)).length;
    const res = await submit(batch("seed-session", 1, 6));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 6, last_sequence: 6 });
    expect(res.body.warnings[0]).toMatch(/6 event\(s\) at or below sequence 6/);
    expect((await queuedIngestJobs(api)).length).toBe(before);
  });

  it("accepts only the new part of an overlapping batch (5..8 after 1..6 accepts 7 and 8)", async () => {
    const res = await submit(batch("seed-session", 5, 8));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 2, last_sequence: 8 });
    const conversationId = conversationIdFor(collector.workspace_id, "seed-session");
    const job = await api.ingestQueue.getJob(`batch-${conversationId}-7-8`);
    expect(job?.data.events.map((e: { sequence: number }) => e.sequence)).toEqual([7, 8]);
  });

  it("answers 409 sequence_gap with the expected sequence and accepts nothing", async () => {
    const before = (await queuedIngestJobs(api)).length;
    const gap = await submit(batch("seed-session", 10, 12));
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: "sequence_gap", expected_sequence: 9, last_sequence: 8 });
    expect(typeof gap.body.message).toBe("string");
    const fresh = await submit(batch("new-session", 2, 3));
    expect(fresh.status).toBe(409);
    expect(fresh.body).toMatchObject({ expected_sequence: 1, last_sequence: 0 });
    const hole = await submit({
      session_id: "seed-session",
      events: [...batch("s", 9, 9).events, ...batch("s", 11, 11).events],
    });
    expect(hole.status).toBe(409);
    expect(hole.body.message).toMatch(/skips 10/);
    expect((await queuedIngestJobs(api)).length).toBe(before);
  });

  it("accepts each event of 20 concurrent identical submissions exactly once, without a 5xx", async () => {
    const body = batch("race-session", 1, 6);
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(responses.reduce((sum, r) => sum + r.body.accepted, 0)).toBe(6);
    expect(responses.every((r) => r.body.last_sequence === 6)).toBe(true);
    const conversationId = conversationIdFor(collector.workspace_id, "race-session");
    const jobs = (await queuedIngestJobs(api)).filter((job) => job.data.conversation_id === conversationId);
    expect(jobs).toHaveLength(1);
  });

  it("rebuilds the sequence from Postgres when Redis has lost it", async () => {
    const sessionId = "recovered-session";
    const conversationId = conversationIdFor(collector.workspace_id, sessionId);
    // The worker had written events 1..4 before Redis lost its state.
    const db = new Client({ connectionString: api.database.url });
    await db.connect();
    await db.query(
      `INSERT INTO conversations (id, workspace_id, collector_session_id, agent_type, last_event_sequence, updated_at)
       VALUES ($1, $2, $3, 'claude_code', 4, now())`,
      [conversationId, collector.workspace_id, sessionId],
    );
    await db.end();
    await api.api.context.redis.del(`${api.redis.prefix}:seq:${conversationId}`);

    const replay = await submit(batch(sessionId, 1, 4));
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 4, last_sequence: 4 });
    const next = await submit(batch(sessionId, 5, 5));
    expect(next.body).toMatchObject({ accepted: 1, last_sequence: 5 });
    const status = await request(`${api.url}/collectors/sessions/${sessionId}`, {
      headers: collectorHeaders(collector),
    });
    expect(status.body).toMatchObject({ last_sequence: 5, conversation_id: conversationId });
  });

  it("keeps sessions of different workspaces apart (same session id, other conversation)", () => {
    expect(conversationIdFor(collector.workspace_id, "x")).toBe(
      conversationIdFor(collector.workspace_id, "x"),
    );
    expect(conversationIdFor(collector.workspace_id, "x")).not.toBe(
      conversationIdFor("00000000-0000-4000-8000-000000000000", "x"),
    );
  });

  describe("bad input gets a 4xx in the error shape and nothing is queued", () => {
    let before = 0;
    beforeAll(async () => {
      before = (await queuedIngestJobs(api)).length;
    });
    afterAll(async () => {
      expect((await queuedIngestJobs(api)).length).toBe(before);
    });

    it("400 with zod paths for an invalid batch", async () => {
      const body = batch("bad", 1, 1);
      delete (body.events[0]?.data as Record<string, unknown>).agent_type;
      const res = await submit(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_body" });
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: "events.0.data.agent_type" })]),
      );
    });

    it("400 for malformed JSON", async () => {
      const res = await request(`${api.url}/collectors/events`, {
        headers: { ...collectorHeaders(collector), "content-type": "application/json" },
        rawBody: '{"session_id": "x", "events": [',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_body", message: "The body is not valid JSON" });
    });

    it("415 for another content type", async () => {
      const res = await request(`${api.url}/collectors/events`, {
        headers: { ...collectorHeaders(collector), "content-type": "text/plain" },
        rawBody: JSON.stringify(batch("x", 1, 1)),
      });
      expect(res.status).toBe(415);
      expect(res.body.error).toBe("unsupported_media_type");
    });

    it("413 for a body over the limit", async () => {
      const huge = batch("big", 1, 1);
      (huge.events[0]?.data as Record<string, unknown>).padding = "x".repeat(6 * 1024 * 1024);
      const res = await submit(huge);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe("payload_too_large");
    });

    it("401 without a key, with a malformed key, with an unknown key, without X-Collector-ID", async () => {
      const body = batch("auth", 1, 1);
      const cases: Record<string, string>[] = [
        {},
        { authorization: "Bearer nope", "x-collector-id": collector.collector_id },
        { authorization: `Bearer cs_test_${"A".repeat(32)}`, "x-collector-id": collector.collector_id },
        { authorization: `Bearer ${collector.api_key}` },
        { authorization: `Bearer ${collector.api_key}`, "x-collector-id": "not-a-uuid" },
      ];
      for (const headers of cases) {
        const res = await request(`${api.url}/collectors/events`, { headers, body });
        expect([res.status, res.body.error]).toEqual([401, "unauthorized"]);
      }
    });

    it("401 for a key used with another collector's id (the pair does not authenticate)", async () => {
      const res = await request(`${api.url}/collectors/events`, {
        headers: { authorization: `Bearer ${collector.api_key}`, "x-collector-id": other.collector_id },
        body: batch("cross", 1, 1),
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("unauthorized");
    });

    it("401 for a revoked key", async () => {
      const revoked = await registerCollector(api);
      await api.api.context.prisma.collectorConfig.update({
        where: { id: revoked.collector_id },
        data: { revokedAt: new Date() },
      });
      const res = await submit(batch("revoked", 1, 1), revoked);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/revoked/);
    });
  });
});
