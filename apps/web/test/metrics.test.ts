// Issue 17, "Done when": every service's /metrics, scraped during an ingest through the real processes (ingest API,
// ingest worker, tagger, web app), shows its counters moving, and the queue depth gauge equals BullMQ's own count
// at the same moment. The request id of a batch reaches the worker's and the tagger's log lines for its jobs. The
// example alert rules and dashboard in infra/ name only metrics the services expose.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { metricNamesOf, metricNamesReferenced, parseExposition } from "@catsyphon/metrics";
import { openEveryQueue, type QueueCounts, queueCounts, type QueuesByName } from "@catsyphon/queue";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  repoRoot,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startTaggerProcess,
  startWebProcess,
  type TaggerProcess,
  type TestDatabase,
  type TestRedis,
  type WebProcess,
} from "@catsyphon/testing";
import { type PrismaClient } from "@catsyphon/db";
import { Redis } from "ioredis";
import { parse as parseYaml } from "yaml";
import { TestClient } from "./support/client";
import { PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";
import { openEventStream } from "./support/sse";
import { sessionEvents } from "./support/stack";

let database: TestDatabase;
let redis: TestRedis;
let web: WebProcess;
let api: IngestApiProcess;
let worker: IngestWorkerProcess;
let tagger: TaggerProcess;
let prisma: PrismaClient;
let connection: Redis;
let queues: QueuesByName;
let collector: { collector_id: string; api_key: string };
/** Every scrape of the test, by service, for the check of infra/. */
const scraped: Record<string, string[]> = { api: [], worker: [], tagger: [], web: [] };

beforeAll(async () => {
  database = await createTestDatabase("metrics");
  redis = createTestRedis("metrics");
  // Debug: a job's "job completed" line is where its request id shows when nothing goes wrong.
  [web, api, worker, tagger] = await Promise.all([
    startWebProcess({ label: "metrics", database, redis }),
    startIngestApiProcess({ label: "metrics", database, redis }),
    startIngestWorkerProcess({ database, redis, env: { LOG_LEVEL: "debug" } }),
    startTaggerProcess({ database, redis, env: { LOG_LEVEL: "debug" } }),
  ]);
  prisma = testPrisma(database.url);
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  queues = openEveryQueue(connection, redis.prefix);
  const registered = await fetch(`${api.url}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ collector_type: "sdk", collector_version: "1.0.0", hostname: "metrics-host" }),
  });
  expect(registered.status).toBe(201);
  collector = (await registered.json()) as typeof collector;
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((queue) => queue.close()));
  connection?.disconnect();
  await prisma?.$disconnect();
  await Promise.all([web?.stop(), api?.stop(), worker?.stop(), tagger?.stop()]);
  await redis?.cleanup().catch(() => undefined);
  await database?.drop();
});

const metricsUrl = {
  api: () => `${api.url}/metrics`,
  worker: () => `${worker.healthUrl}/metrics`,
  tagger: () => `${tagger.healthUrl}/metrics`,
  web: () => `${web.url}/metrics`,
};
type Service = keyof typeof metricsUrl;

async function scrape(service: Service): Promise<Map<string, number>> {
  const response = await fetch(metricsUrl[service]());
  expect([service, response.status]).toEqual([service, 200]);
  const text = await response.text();
  scraped[service]?.push(text);
  return parseExposition(text);
}

async function scrapeAll(): Promise<Record<Service, Map<string, number>>> {
  const [apiSamples, workerSamples, taggerSamples, webSamples] = await Promise.all(
    (["api", "worker", "tagger", "web"] as const).map(scrape),
  );
  return {
    api: apiSamples ?? new Map(),
    worker: workerSamples ?? new Map(),
    tagger: taggerSamples ?? new Map(),
    web: webSamples ?? new Map(),
  };
}

async function sendSession(sessionId: string, events: unknown[], requestId: string): Promise<void> {
  const response = await fetch(`${api.url}/collectors/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${collector.api_key}`,
      "x-collector-id": collector.collector_id,
      "x-request-id": requestId,
    },
    body: JSON.stringify({ session_id: sessionId, events }),
  });
  expect(response.status).toBe(202);
}

/** Sessions whose tags were written (rule tags: no LLM is configured). */
async function taggedCount(sessionIds: readonly string[]): Promise<number> {
  const rows = await prisma.conversation.findMany({
    where: { collectorSessionId: { in: [...sessionIds] } },
    select: { tags: true },
  });
  return rows.filter((row) => (row.tags as { _meta?: unknown } | null)?._meta !== undefined).length;
}

function logLines(output: string): Record<string, unknown>[] {
  return output.split("\n").flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      return typeof parsed === "object" && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

const depthSeries = (queue: string, state: string) =>
  `catsyphon_queue_jobs{queue="${queue}",state="${state}"}`;

/**
 * BullMQ's counts and a scrape taken between two identical readings of them, so nothing moved meanwhile (the
 * idle-sweep scheduler's job may tick once a minute); retried until that holds.
 */
async function depthsAtOneMoment(
  service: Service,
): Promise<{ counts: QueueCounts[]; samples: Map<string, number> }> {
  return eventually(
    async () => {
      const before = await queueCounts(queues);
      const samples = await scrape(service);
      const after = await queueCounts(queues);
      return JSON.stringify(before) === JSON.stringify(after) ? { counts: before, samples } : null;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
}

function expectDepthsEqual(samples: Map<string, number>, counts: readonly QueueCounts[]): void {
  for (const queue of counts) {
    for (const state of ["waiting", "active", "delayed", "failed"] as const) {
      expect([queue.name, state, samples.get(depthSeries(queue.name, state))]).toEqual([
        queue.name,
        state,
        queue[state],
      ]);
    }
  }
}

describe("/metrics of every service", () => {
  it("moves each service's counters during an ingest, and carries the request id to the worker and tagger", async () => {
    const before = await scrapeAll();
    const sessions = ["metrics-1", "metrics-2", "metrics-3"];
    for (const [index, sessionId] of sessions.entries()) {
      await sendSession(sessionId, sessionEvents(1, 4, 4), `metrics-e2e-${index}`);
    }
    await eventually(async () => ((await taggedCount(sessions)) === sessions.length ? true : null), {
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    // Two web requests Next answers (401: not signed in), under their route templates.
    for (const path of ["/api/v1/conversations", `/api/v1/conversations/${crypto.randomUUID()}`]) {
      const response = await fetch(`${web.url}${path}`);
      expect([path, response.status]).toEqual([path, 401]);
      await response.text();
    }

    // The tagger's completions may be counted a moment after its tags are written, and a request is counted once
    // its response finished, which may be just after the client read it.
    const webUnauthorized = (samples: Map<string, number>, route: string) =>
      samples.get(
        `catsyphon_http_request_duration_seconds_count{method="GET",route="${route}",status="401"}`,
      ) ?? 0;
    const after = await eventually(
      async () => {
        const samples = await scrapeAll();
        const webCounted = ["/api/v1/conversations", "/api/v1/conversations/[id]"].every(
          (route) => webUnauthorized(samples.web, route) > webUnauthorized(before.web, route),
        );
        if (!webCounted) return null;
        const tagged =
          (samples.tagger.get('catsyphon_tagger_conversations_tagged_total{source="rules"}') ?? 0) -
          (before.tagger.get('catsyphon_tagger_conversations_tagged_total{source="rules"}') ?? 0);
        const jobs = samples.tagger.get(
          'catsyphon_job_duration_seconds_count{queue="tagging",job_name="tag-conversation",outcome="completed"}',
        );
        return tagged >= sessions.length && (jobs ?? 0) >= sessions.length ? samples : null;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const moved = (service: Service, series: string) =>
      (after[service].get(series) ?? 0) - (before[service].get(series) ?? 0);

    expect(moved("api", "catsyphon_api_batches_accepted_total")).toBe(3);
    expect(moved("api", "catsyphon_api_events_accepted_total")).toBe(12);
    expect(
      moved(
        "api",
        'catsyphon_http_request_duration_seconds_count{method="POST",route="/collectors/events",status="202"}',
      ),
    ).toBe(3);
    expect(after.api.get("catsyphon_service_ready")).toBe(1);

    expect(moved("worker", "catsyphon_worker_batches_written_total")).toBe(3);
    expect(moved("worker", 'catsyphon_worker_rows_written_total{table="conversations"}')).toBe(3);
    expect(moved("worker", 'catsyphon_worker_rows_written_total{table="messages"}')).toBeGreaterThanOrEqual(
      6,
    );
    expect(
      moved(
        "worker",
        'catsyphon_job_duration_seconds_count{queue="ingest",job_name="ingest-batch",outcome="completed"}',
      ),
    ).toBe(3);
    expect(
      moved("worker", 'catsyphon_worker_db_write_duration_seconds_count{outcome="committed"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(after.worker.get("catsyphon_worker_parked_jobs")).toBe(0);
    expect(after.worker.get("catsyphon_service_ready")).toBe(1);

    expect(moved("tagger", 'catsyphon_tagger_conversations_tagged_total{source="rules"}')).toBe(3);
    expect(after.tagger.get("catsyphon_tagger_llm_enabled")).toBe(0);
    expect(after.tagger.get("catsyphon_tagger_paused_workspaces")).toBe(0);

    const webRequests = (route: string) =>
      webUnauthorized(after.web, route) - webUnauthorized(before.web, route);
    expect(webRequests("/api/v1/conversations")).toBe(1);
    expect(webRequests("/api/v1/conversations/[id]")).toBe(1);

    // The API's request id is in the worker's line for the batch's job and the tagger's for the tagging it caused.
    const carries = (output: string, jobName: string) =>
      logLines(output).some((line) => line.request_id === "metrics-e2e-0" && line.job_name === jobName);
    expect(carries(worker.output(), "ingest-batch")).toBe(true);
    expect(carries(tagger.output(), "tag-conversation")).toBe(true);
  });

  it("shows the web app's open live-update streams", async () => {
    const team = await workspaceWithMembers(prisma, "Metrics");
    const viewer = new TestClient(web.url);
    expect((await viewer.signIn(team.users.viewer.email, PASSWORD)).status).toBe(200);
    const cookie = [...viewer.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const stream = await openEventStream(`${web.url}/api/v1/events`, { headers: { cookie } });
    try {
      expect(stream.status).toBe(200);
      expect((await scrape("web")).get("catsyphon_web_sse_connections")).toBe(1);
    } finally {
      stream.close();
    }
    await eventually(
      async () => ((await scrape("web")).get("catsyphon_web_sse_connections") === 0 ? true : null),
      { timeoutMs: 15_000, intervalMs: 200 },
    );
  });

  it("reports queue depths equal to BullMQ's own counts", async () => {
    // With the tagger stopped, the worker's tagging requests wait: a non-zero, stable count.
    await tagger.stop();
    const sessions = ["metrics-4", "metrics-5"];
    for (const sessionId of sessions)
      await sendSession(sessionId, sessionEvents(1, 4, 4), `depth-${sessionId}`);
    await eventually(
      async () => {
        const tagging = (await queueCounts(queues)).find((queue) => queue.name === "tagging");
        return tagging?.waiting === 2 ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    for (const service of ["api", "worker"] as const) {
      const { counts, samples } = await depthsAtOneMoment(service);
      expect(samples.get(depthSeries("tagging", "waiting"))).toBe(2);
      expectDepthsEqual(samples, counts);
      expect(samples.get("catsyphon_queue_counts_ok")).toBe(1);
    }

    // With the worker stopped too, accepted batches wait in the ingest queue.
    await worker.stop();
    await sendSession("metrics-6", sessionEvents(1, 2), "depth-6");
    await sendSession("metrics-7", sessionEvents(1, 2), "depth-7");
    const { counts, samples } = await depthsAtOneMoment("api");
    expect(samples.get(depthSeries("ingest", "waiting"))).toBe(2);
    expectDepthsEqual(samples, counts);
  });

  it("infra/: the alert rules and the dashboard name only metrics the services expose", () => {
    const exposed = new Set<string>();
    for (const texts of Object.values(scraped)) {
      for (const text of texts) for (const name of metricNamesOf(text)) exposed.add(name);
    }
    // Every service was scraped above.
    for (const [service, texts] of Object.entries(scraped))
      expect([service, texts.length > 0]).toEqual([service, true]);

    const infra = path.join(repoRoot(), "infra");
    const alerts = parseYaml(readFileSync(path.join(infra, "prometheus", "alerts.yaml"), "utf8")) as {
      groups: { name: string; rules: { alert: string; expr: string }[] }[];
    };
    const dashboard = JSON.parse(
      readFileSync(path.join(infra, "grafana", "catsyphon-dashboard.json"), "utf8"),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const expressions = [
      ...alerts.groups.flatMap((group) =>
        group.rules.map((rule) => ({ where: rule.alert, expr: rule.expr })),
      ),
      ...dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ where: panel.title, expr: target.expr })),
      ),
    ];
    expect(expressions.length).toBeGreaterThan(30);
    const unknown = expressions.flatMap(({ where, expr }) =>
      [...metricNamesReferenced(expr)]
        .filter((name) => !exposed.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // Each rule says what it is about, and every expression names at least one of our metrics.
    for (const { where, expr } of expressions)
      expect([where, metricNamesReferenced(expr).size > 0]).toEqual([where, true]);
  });
});
