// GET /metrics of the ingest API: requests by route template (never the raw URL) and status, what the protocol
// accepted and refused, queue depths equal to BullMQ's own counts, no identifiers in any label, and the token
// when one is configured. The request id of each batch travels in its job.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { parseExposition } from "@catsyphon/metrics";
import { queueCounts, type QueuesByName } from "@catsyphon/queue";
import { Queue } from "bullmq";
import { batch, collectorHeaders, registerCollector, request, startTestApi, type TestApi } from "./harness";

const METRICS_TOKEN = "metrics-token-for-the-test-0123456789";

let api: TestApi;
let queues: QueuesByName;

beforeAll(async () => {
  api = await startTestApi("api-metrics", { METRICS_TOKEN, RATE_LIMIT_REQUESTS_PER_MIN: "6" });
  const connection = { url: api.redis.url };
  queues = {
    ingest: api.ingestQueue,
    tagging: new Queue("tagging", { connection, prefix: api.redis.prefix }),
    maintenance: new Queue("maintenance", { connection, prefix: api.redis.prefix }),
  };
}, 60_000);

afterAll(async () => {
  await queues.tagging.close();
  await queues.maintenance.close();
  await api.close();
});

async function scrape(): Promise<{ text: string; samples: Map<string, number> }> {
  const response = await fetch(`${api.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, samples: parseExposition(text) };
}

const requests = (samples: Map<string, number>, route: string, status: number, method = "POST") =>
  samples.get(
    `catsyphon_http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`,
  ) ?? 0;

describe("GET /metrics", () => {
  it("needs the token when METRICS_TOKEN is set", async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: "Bearer nope" } })).status).toBe(
      401,
    );
  });

  it("counts batches, events, duplicates, 409s and 429s, by route template, and the queue depths", async () => {
    const collector = await registerCollector(api);
    const headers = collectorHeaders(collector);
    const before = (await scrape()).samples;
    const send = (body: unknown) => request(`${api.url}/collectors/events`, { headers, body });

    expect((await send(batch("metrics-a", 1, 3))).status).toBe(202);
    // 2..3 again plus 4: two duplicates, one new event.
    expect((await send(batch("metrics-a", 2, 4))).status).toBe(202);
    // A gap: 409 sequence_gap.
    expect((await send(batch("metrics-a", 9, 9))).status).toBe(409);
    const status = await request(`${api.url}/collectors/sessions/metrics-a`, { headers });
    expect(status.status).toBe(200);
    // The limit is 6 requests a minute: the 6th passes, the 7th is refused.
    expect((await send(batch("metrics-b", 1, 1))).status).toBe(202);
    expect((await send(batch("metrics-b", 2, 2))).status).toBe(202);
    expect((await send(batch("metrics-b", 3, 3))).status).toBe(429);

    const { text, samples } = await scrape();
    const delta = (series: string) => (samples.get(series) ?? 0) - (before.get(series) ?? 0);
    expect(delta("catsyphon_api_batches_accepted_total")).toBe(4);
    expect(delta("catsyphon_api_events_accepted_total")).toBe(6);
    expect(delta("catsyphon_api_duplicate_events_total")).toBe(2);
    expect(delta('catsyphon_api_conflicts_total{code="sequence_gap"}')).toBe(1);
    expect(delta('catsyphon_api_rate_limited_total{limit="requests"}')).toBe(1);
    expect(requests(samples, "/collectors/events", 202) - requests(before, "/collectors/events", 202)).toBe(
      4,
    );
    expect(requests(samples, "/collectors/events", 409)).toBe(1);
    expect(requests(samples, "/collectors/events", 429)).toBe(1);
    expect(requests(samples, "/collectors/sessions/:sessionId", 200, "GET")).toBe(1);
    expect(requests(samples, "/collectors", 201)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^catsyphon_http_request_duration_seconds_bucket\{le="0.1",method="POST"/m);

    // No worker runs: the jobs wait, and the gauge is BullMQ's count of them.
    const counts = await queueCounts(queues);
    const ingest = counts.find((queue) => queue.name === "ingest");
    expect(ingest?.waiting).toBe(4);
    for (const queue of counts) {
      for (const state of ["waiting", "active", "delayed", "failed"] as const) {
        expect([
          queue.name,
          state,
          samples.get(`catsyphon_queue_jobs{queue="${queue.name}",state="${state}"}`),
        ]).toEqual([queue.name, state, queue[state]]);
      }
    }
    expect(samples.get("catsyphon_queue_counts_ok")).toBe(1);

    // Nothing that names a collector, a session or a key is in the text.
    for (const secret of [
      collector.collector_id,
      collector.api_key,
      "metrics-a",
      "metrics-b",
      api.adminToken,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("files unknown paths under one route, whatever their URL", async () => {
    for (const path of ["/nothing/1", "/nothing/2", "/collectors/events/extra"]) {
      expect((await fetch(`${api.url}${path}`)).status).toBe(404);
    }
    const { text, samples } = await scrape();
    expect(requests(samples, "unmatched", 404, "GET")).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain("/nothing/");
  });

  it("puts the request id of each accepted batch and completion into its job", async () => {
    const collector = await registerCollector(api);
    const headers = { ...collectorHeaders(collector), "x-request-id": "trace-batch-0001" };
    const accepted = await request(`${api.url}/collectors/events`, {
      headers,
      body: batch("metrics-rid", 1, 2),
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("x-request-id")).toBe("trace-batch-0001");
    const completed = await request(`${api.url}/collectors/sessions/metrics-rid/complete`, {
      headers: collectorHeaders(collector),
      body: { outcome: "success" },
    });
    expect(completed.status).toBe(200);
    const generated = completed.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const jobs = await api.ingestQueue.getJobs(["waiting"]);
    const conversationId = accepted.body.conversation_id;
    const mine = jobs.filter(
      (job) => (job.data as { conversation_id?: unknown }).conversation_id === conversationId,
    );
    const requestIds = Object.fromEntries(
      mine.map((job) => [job.name, (job.data as { request_id?: unknown }).request_id]),
    );
    expect(requestIds).toEqual({ "ingest-batch": "trace-batch-0001", "complete-session": generated });
  });
});
