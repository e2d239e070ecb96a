// `pnpm bench:web`: read latency of the web app's API over a corpus ingested through the real write path, at 1x
// (about 500k message rows in 2,000 sessions over the last 30 days, one session of 10,000) and after growing it
// 4x (3x more sessions in the same 30 days). The ingest API, the ingest worker and the web app (production
// build) run as child processes, as in production; this process sends, then times sequential GETs with a read
// API token. See docs/benchmarks.md.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { createWorkspaceApiToken } from "@catsyphon/accounts";
import { createPrismaClient } from "@catsyphon/db";
import {
  createTestDatabase,
  createTestRedis,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startWebProcess,
  type TestDatabase,
  type TestRedis,
  type WebProcess,
} from "@catsyphon/testing";
import { Client } from "pg";
import { buildIfStale } from "../src/cli/build-if-stale";
import { corpusOptions, planSession, PROJECTS, RARE_IDENTIFIERS, rareHosts } from "./corpus";
import { GOALS, judge, type Judged, type Kind } from "./goals";
import { ingestSessions, type IngestResult, registerCollector } from "./ingest";
import { type Endpoint, measure, type Measurement } from "./latency";

export interface WebBenchOptions {
  /** 1: 2,000 sessions (~500k rows) growing to 8,000; 0.05: a quick run. */
  scale: number;
  requests: number;
  warmup: number;
  clients: number;
  seed: number;
  /** Where the JSON result goes; null writes none. */
  out: string | null;
  /** Leave the bench database in place at the end (its URL is logged) to inspect its plans; drop it yourself. */
  keepDatabase?: boolean;
  /** After ingesting and analyzing 1x, wait until this file exists (the database URL is logged), then go on. */
  pauseAt1x?: string | null;
  log: (line: string) => void;
}

interface MeasuredEndpoint extends Endpoint {
  kind: Kind;
}

export interface EndpointResult {
  name: string;
  kind: Kind;
  path: string;
  x1: Measurement;
  x4: Measurement;
  judged: Judged;
  goal: { growth: number; p95Ms: number };
}

export interface WebBenchResult {
  bench: "web";
  date: string;
  options: Omit<WebBenchOptions, "log" | "out" | "keepDatabase" | "pauseAt1x">;
  corpus: { x1: IngestResult; growth: IngestResult; sessions4x: number; rows4x: number };
  /** Seconds each phase took. */
  phases: Record<string, number>;
  /** The machine's 1-minute load average at the end of each phase (other work on a shared machine shows here). */
  load: Record<string, number>;
  searchedFor: string;
  endpoints: EndpointResult[];
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function endpoints(ids: { longConversation: string; project: string }, anchorMs: number): MeasuredEndpoint[] {
  const today = isoDay(anchorMs);
  const since = (days: number) => isoDay(anchorMs - days * DAY_MS);
  const overview = (tz: string) =>
    `/api/v1/stats/overview?start_date=${since(29)}&end_date=${today}&tz=${encodeURIComponent(tz)}`;
  return [
    { name: "list, default page", kind: "list", path: "/api/v1/conversations" },
    // The stored (normalized) agent name: the list's filter compares it as given.
    {
      name: "list, project + agent + 14 days",
      kind: "list",
      path: `/api/v1/conversations?project_id=${ids.project}&agent_type=claude_code&start_date=${since(14)}&end_date=${today}`,
    },
    { name: "overview 30 days, UTC", kind: "overview", path: overview("UTC") },
    { name: "overview 30 days, +05:30", kind: "overview", path: overview("Asia/Kolkata") },
    { name: "detail, long session", kind: "detail", path: `/api/v1/conversations/${ids.longConversation}` },
    {
      name: "messages page 1, long session",
      kind: "detail",
      path: `/api/v1/conversations/${ids.longConversation}/messages?page=1&page_size=100`,
    },
    {
      name: "search, rare identifier",
      kind: "search",
      path: `/api/v1/search?q=${encodeURIComponent(RARE_IDENTIFIERS[0])}`,
    },
  ];
}

/** Fresh statistics after a bulk load, as autovacuum would gather them on a live archive (decision 0039). */
async function analyze(db: Client): Promise<void> {
  await db.query("ANALYZE");
}

async function idOf(db: Client, sql: string, value: string): Promise<string> {
  const row = (await db.query<{ id: string }>(sql, [value])).rows[0];
  if (!row) throw new Error(`no row for ${value}: ${sql}`);
  return row.id;
}

export async function runWebBench(options: WebBenchOptions): Promise<WebBenchResult> {
  const phases: Record<string, number> = {};
  const load: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const value = await run();
    phases[name] = (Date.now() - started) / 1000;
    load[name] = loadavg()[0] ?? Number.NaN;
    options.log(`${name}: ${phases[name].toFixed(1)} s (load average ${load[name].toFixed(1)})`);
    return value;
  };
  const corpus = corpusOptions(options.scale, options.seed);
  const base = corpus.baseSessions;

  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let api: IngestApiProcess | undefined;
  let worker: IngestWorkerProcess | undefined;
  let web: WebProcess | undefined;
  let liveDb: Client | undefined;
  try {
    await phase("build web app (skipped when current)", async () => buildIfStale(options.log));
    await phase("start ingest API and worker", async () => {
      database = await createTestDatabase("bench-web");
      redis = createTestRedis("bench-web");
      // Production defaults (info): the test helpers find each process's start in its info log line.
      const logging = { LOG_LEVEL: "info" };
      api = await startIngestApiProcess({
        label: "bench-web",
        database,
        redis,
        env: { ...logging, RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
      });
      worker = await startIngestWorkerProcess({
        database,
        redis,
        env: { ...logging, WORKER_CONCURRENCY: "4" },
      });
    });
    if (!database || !redis || !api) throw new Error("unreachable: the services did not start");
    liveDb = new Client({ connectionString: database.url });
    await liveDb.connect();
    const db = liveDb;
    const credentials = await registerCollector(api.url, api.adminToken);

    const x1 = await phase(`ingest 1x (${base} sessions)`, () =>
      ingestSessions(credentials, db, corpus, { from: 0, to: base }, options.clients),
    );
    options.log(
      `  ${x1.rows} rows from ${x1.events} events: ${Math.round(x1.events / x1.visibleSeconds)} events/s end to end`,
    );
    await phase("analyze 1x", () => analyze(db));
    if (options.pauseAt1x) await pauseUntil(options.pauseAt1x, database.url, options.log);

    const prisma = createPrismaClient({
      databaseUrl: database.url,
      poolSize: 1,
      applicationName: "bench-web",
    });
    const token = await createWorkspaceApiToken(prisma, {
      workspaceId: credentials.workspaceId,
      name: "bench-web",
      scopes: ["read"],
      expiresAt: null,
    }).finally(() => prisma.$disconnect());
    const webDatabase = database;
    const webRedis = redis;
    web = await phase("start web app", () =>
      startWebProcess({
        label: "bench-web",
        database: webDatabase,
        redis: webRedis,
        env: { LOG_LEVEL: "info" },
        // Next's start-up can take a minute or more on a loaded two-core machine.
        startTimeoutMs: 300_000,
      }),
    );
    const webUrl = web.url;

    const ids = {
      longConversation: await idOf(
        db,
        "SELECT id FROM conversations WHERE collector_session_id = $1",
        planSession(corpus, 0).sessionId,
      ),
      // The busiest project (skewed: the first of the list), as a dashboard user would filter on.
      project: await idOf(db, "SELECT id FROM projects WHERE name = $1", PROJECTS[0]),
    };
    const targets = endpoints(ids, corpus.anchorMs);
    const measureAll = async () => {
      const results: Measurement[] = [];
      for (const target of targets) {
        const result = await measure(webUrl, token.token, target, options);
        options.log(`  ${target.name}: ${describe(result)}`);
        results.push(result);
      }
      return results;
    };
    const at1x = await phase("measure 1x", measureAll);
    const growth = await phase(`ingest to 4x (+${3 * base} sessions)`, () =>
      ingestSessions(credentials, db, corpus, { from: base, to: 4 * base }, options.clients),
    );
    options.log(
      `  ${growth.rows} rows from ${growth.events} events: ${Math.round(growth.events / growth.visibleSeconds)} events/s end to end`,
    );
    await phase("analyze 4x", () => analyze(db));
    const at4x = await phase("measure 4x", measureAll);

    const result: WebBenchResult = {
      bench: "web",
      date: new Date().toISOString(),
      options: {
        scale: options.scale,
        requests: options.requests,
        warmup: options.warmup,
        clients: options.clients,
        seed: options.seed,
      },
      corpus: { x1, growth, sessions4x: 4 * base, rows4x: x1.rows + growth.rows },
      phases,
      load,
      searchedFor: `${RARE_IDENTIFIERS[0]} (planted in sessions ${rareHosts(corpus, RARE_IDENTIFIERS[0]).join(", ")})`,
      endpoints: targets.map((target, i) => {
        const one = at1x[i]!;
        const four = at4x[i]!;
        return {
          name: target.name,
          kind: target.kind,
          path: target.path,
          x1: one,
          x4: four,
          judged: judge(target.kind, one, four),
          goal: GOALS[target.kind],
        };
      }),
    };
    if (options.out) {
      mkdirSync(path.dirname(options.out), { recursive: true });
      writeFileSync(options.out, JSON.stringify(result, null, 2) + "\n");
    }
    return result;
  } finally {
    await liveDb?.end().catch(() => undefined);
    await web?.stop();
    await worker?.stop();
    await api?.stop();
    await redis?.cleanup().catch(() => undefined);
    if (options.keepDatabase && database) options.log(`kept the bench database: ${database.url}`);
    else await database?.drop();
  }
}

/** Lets one inspect the 1x database (EXPLAIN, buffers) with nothing else running, before the 4x ingest. */
async function pauseUntil(file: string, databaseUrl: string, log: (line: string) => void): Promise<void> {
  log(`paused at 1x: database ${databaseUrl}; create ${file} to go on`);
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 1000));
}

function describe(measurement: Measurement): string {
  if (measurement.state === "missing") return "missing (no such route yet)";
  if (measurement.state === "error") return `HTTP ${measurement.status} ${measurement.message}`;
  const total = measurement.total === null ? "" : ` (total ${measurement.total})`;
  return `p50 ${measurement.p50.toFixed(1)} ms, p95 ${measurement.p95.toFixed(1)} ms${total}`;
}

const cell = (measurement: Measurement) =>
  measurement.state === "ok"
    ? `${measurement.p50.toFixed(1)} / ${measurement.p95.toFixed(1)}`
    : measurement.state === "missing"
      ? "missing"
      : `HTTP ${measurement.status}`;

/** The result as a Markdown table (what docs/benchmarks.md records). */
export function resultTable(result: WebBenchResult): string {
  const lines = [
    "| endpoint | 1x p50 / p95 ms | 4x p50 / p95 ms | p95 growth | growth goal | p95 goal at 4x |",
    "|---|---|---|---|---|---|",
  ];
  for (const endpoint of result.endpoints) {
    const { judged, goal } = endpoint;
    lines.push(
      `| ${endpoint.name} | ${cell(endpoint.x1)} | ${cell(endpoint.x4)} | ` +
        `${judged.growth === null ? "-" : `${judged.growth.toFixed(2)}x`} | ` +
        `<= ${goal.growth}x ${judged.growthVerdict} | <= ${goal.p95Ms} ms ${judged.p95Verdict} |`,
    );
  }
  return lines.join("\n");
}
