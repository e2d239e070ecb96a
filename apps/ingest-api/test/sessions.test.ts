import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sessionStatusSchema, type CollectorCredentials } from "@catsyphon/protocol";
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

describe("collector sessions", () => {
  let api: TestApi;
  let collector: CollectorCredentials;
  beforeAll(async () => {
    api = await startTestApi("sessions");
    collector = await registerCollector(api);
  });
  afterAll(() => api.close());

  it("404s for a session never received", async () => {
    const res = await request(`${api.url}/collectors/sessions/never-seen`, {
      headers: collectorHeaders(collector),
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe("not_found");
  });

  it("reports where to resume", async () => {
    await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(collector),
      body: batch("resume-me", 1, 3),
    });
    const res = await request(`${api.url}/collectors/sessions/resume-me`, {
      headers: collectorHeaders(collector),
    });
    expect(res.status).toBe(200);
    const status = sessionStatusSchema.parse(res.body);
    expect(status).toMatchObject({
      session_id: "resume-me",
      conversation_id: conversationIdFor(collector.workspace_id, "resume-me"),
      last_sequence: 3,
      status: "active",
    });
    // The seven fields the original's clients read, integers never null (no worker runs in this file).
    expect(res.body).toEqual(
      expect.objectContaining({ event_count: 0, first_event_at: null, last_event_at: null }),
    );
  });

  it("queues a completion behind the session's batches", async () => {
    const res = await request(`${api.url}/collectors/sessions/resume-me/complete`, {
      headers: collectorHeaders(collector),
      body: { outcome: "success", summary: "Fixed the\u0000 flaky test", final_sequence: 3, event_count: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      session_id: "resume-me",
      conversation_id: conversationIdFor(collector.workspace_id, "resume-me"),
      status: "completed",
      outcome: "success",
      total_events: 3,
    });
    const jobs = await queuedIngestJobs(api);
    const completion = jobs.find((job) => job.name === "complete-session");
    expect(completion?.data).toMatchObject({
      session_id: "resume-me",
      outcome: "success",
      summary: "Fixed the flaky test",
      up_to_sequence: 3,
    });
  });

  it("validates the completion body and 404s an unknown session", async () => {
    const bad = await request(`${api.url}/collectors/sessions/resume-me/complete`, {
      headers: collectorHeaders(collector),
      body: { outcome: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "invalid_body", details: [{ path: "outcome" }] });
    // The original's spellings and its clients' own outcomes are taken as sent (success unknown).
    for (const [sent, stored] of [
      ["failed", "failure"],
      ["timed_out", "timed_out"],
    ]) {
      const res = await request(`${api.url}/collectors/sessions/resume-me/complete`, {
        headers: collectorHeaders(collector),
        body: { outcome: sent, summary: null },
      });
      expect([res.status, res.body.outcome]).toEqual([200, stored]);
    }
    const unknown = await request(`${api.url}/collectors/sessions/nope/complete`, {
      headers: collectorHeaders(collector),
      body: { outcome: "failure" },
    });
    expect(unknown.status).toBe(404);
  });

  it("does not show one workspace's sessions to another workspace's collector", async () => {
    const prisma = api.api.context.prisma;
    const otherWorkspace = await prisma.workspace.create({ data: { slug: "other", name: "Other" } });
    const { sha256Hex } = await import("@catsyphon/accounts");
    const key = `cs_test_${"Q".repeat(32)}`;
    const foreign = await prisma.collectorConfig.create({
      data: {
        workspaceId: otherWorkspace.id,
        collectorType: "sdk",
        collectorVersion: "1",
        apiKeyHash: sha256Hex(key),
        apiKeyPrefix: key.slice(0, 16),
      },
    });
    const res = await request(`${api.url}/collectors/sessions/resume-me`, {
      headers: { authorization: `Bearer ${key}`, "x-collector-id": foreign.id },
    });
    expect(res.status).toBe(404);
  });
});
