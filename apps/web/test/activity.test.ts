// GET /stats/overview, /projects (+ detail, sessions, files) and /developers (+ detail) against a corpus sent
// through the collector API (the real ingest API and worker processes), read by the real web process on the same
// database: shapes parsed with the routes' own schemas, numbers equal to sums computed from the rows with SQL.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspaceApiToken, ensureDefaultWorkspace } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  rollupDifferences,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startWebProcess,
  type TestDatabase,
  type TestRedis,
  type WebProcess,
} from "@catsyphon/testing";
import { conversationListSchema } from "../src/features/conversations/schemas";
import { developerDetailSchema, developerListSchema } from "../src/features/developers/schemas";
import {
  projectDetailSchema,
  projectFileListSchema,
  projectListSchema,
} from "../src/features/projects/schemas";
import { overviewSchema } from "../src/features/stats/schemas";
import { TestClient } from "./support/client";
import { testPrisma } from "./support/fixtures";

let database: TestDatabase;
let redis: TestRedis;
let api: IngestApiProcess;
let worker: IngestWorkerProcess;
let web: WebProcess;
let prisma: PrismaClient;
let client: TestClient;
let token = "";
let workspaceId = "";
let foreignProjectId = "";
let foreignDeveloperId = "";

// 2026-03-09 from 17:00 UTC: Kolkata (+05:30) starts 2026-03-10 at 18:30 UTC, so its days split the corpus.
const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 17, 0) + minute * 60_000).toISOString();

interface Session {
  id: string;
  cwd?: string;
  developer?: string;
  parent?: string;
  agent?: string;
  startMinute: number;
  responses: number;
  outcome: "success" | "failure" | "unknown";
  edits?: string[];
}

const sessions: Session[] = [
  {
    id: "ov-a",
    cwd: "/srv/alpha",
    developer: "ada",
    startMinute: 0,
    responses: 6,
    outcome: "success",
    edits: ["a.ts", "b.ts"],
  },
  {
    id: "ov-b",
    cwd: "/srv/alpha",
    developer: "ada",
    startMinute: 80,
    responses: 4,
    outcome: "failure",
    edits: ["a.ts"],
  },
  {
    id: "ov-c",
    cwd: "/srv/beta",
    developer: "bob",
    startMinute: 100,
    responses: 5,
    outcome: "success",
    agent: "codex",
  },
  {
    id: "ov-d",
    cwd: "/srv/alpha",
    developer: "bob",
    startMinute: 150,
    responses: 3,
    outcome: "unknown",
    edits: ["a.ts"],
  },
  // A sub-agent without a working directory: it inherits alpha and ada from its parent.
  { id: "ov-a-child", parent: "ov-a", startMinute: 20, responses: 2, outcome: "success" },
];

function eventsOf(session: Session) {
  let sequence = 0;
  const event = (minute: number, type: string, data: Record<string, unknown>) => ({
    sequence: (sequence += 1),
    type,
    emitted_at: at(minute),
    observed_at: at(minute),
    data,
  });
  const events = [
    event(session.startMinute, "session_start", {
      agent_type: session.agent ?? "claude-code",
      agent_version: "1.0.0",
      ...(session.cwd ? { working_directory: session.cwd } : {}),
      ...(session.developer ? { developer: session.developer } : {}),
      ...(session.parent ? { parent_session_id: session.parent } : {}),
    }),
  ];
  for (let i = 0; i < session.responses; i += 1) {
    const minute = session.startMinute + 1 + i * 7;
    events.push(
      event(minute, "message", { author_role: "human", message_type: "prompt", content: `ask ${i}` }),
    );
    events.push(
      event(minute, "message", {
        author_role: "assistant",
        message_type: "response",
        content: `answer ${i}`,
        model: i % 2 ? "claude-opus-4-1" : "claude-sonnet-4-5",
        token_usage: {
          input_tokens: 1000 + i,
          output_tokens: 200,
          cache_read_tokens: 5000,
          cache_creation_tokens: 30,
        },
      }),
    );
  }
  for (const [index, file] of (session.edits ?? []).entries()) {
    const id = `${session.id}-edit-${index}`;
    const minute = session.startMinute + 2 + index;
    events.push(
      event(minute, "tool_call", {
        tool_name: "Edit",
        tool_use_id: id,
        parameters: { file_path: `${session.cwd}/${file}`, old_string: "a\nb", new_string: "a\nb\nc" },
      }),
    );
    events.push(event(minute, "tool_result", { tool_use_id: id, success: index === 0, result: "done" }));
  }
  events.push(event(session.startMinute + 60, "session_end", { outcome: session.outcome }));
  return events;
}

async function sql<T>(query: string, ...values: unknown[]): Promise<T[]> {
  return prisma.$queryRawUnsafe<T[]>(query, ...values);
}

beforeAll(async () => {
  database = await createTestDatabase("web-activity");
  redis = createTestRedis("web-activity");
  [api, worker, web] = await Promise.all([
    startIngestApiProcess({ label: "web-activity", database, redis }),
    startIngestWorkerProcess({ database, redis }),
    startWebProcess({ label: "web-activity", database, redis }),
  ]);
  prisma = testPrisma(database.url);
  workspaceId = await ensureDefaultWorkspace(prisma);
  token = (
    await createWorkspaceApiToken(prisma, { workspaceId, name: "reader", scopes: ["read"], expiresAt: null })
  ).token;
  client = new TestClient(web.url);

  const registered = await fetch(`${api.url}/collectors`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.adminToken}` },
    body: JSON.stringify({
      collector_type: "sdk",
      collector_version: "1",
      hostname: "h",
      workspace_id: workspaceId,
    }),
  });
  expect(registered.status).toBe(201);
  const collector = (await registered.json()) as { api_key: string; collector_id: string };
  // Children first: the sub-agent arrives before its parent.
  for (const session of [...sessions].reverse()) {
    const events = eventsOf(session);
    // In two batches each, the later one first.
    const half = Math.ceil(events.length / 2);
    for (const batch of [events.slice(0, half), events.slice(half)]) {
      const sent = await fetch(`${api.url}/collectors/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${collector.api_key}`,
          "x-collector-id": collector.collector_id,
        },
        body: JSON.stringify({ session_id: session.id, events: batch }),
      });
      expect(sent.status).toBe(202);
    }
  }
  const expectedMessages = sessions.reduce((n, s) => n + 2 * s.responses + 2 * (s.edits?.length ?? 0), 0);
  await eventually(
    async () => {
      const [row] = await sql<{ messages: number; open: number; unlinked: number }>(
        `SELECT (SELECT count(*)::int FROM messages) AS messages,
                (SELECT count(*)::int FROM conversations WHERE status <> 'completed') AS open,
                (SELECT count(*)::int FROM conversations WHERE parent_session_id IS NOT NULL
                   AND parent_conversation_id IS NULL) AS unlinked`,
      );
      return row?.messages === expectedMessages && row.open === 0 && row.unlinked === 0;
    },
    { timeoutMs: 60_000 },
  );

  const other = await prisma.workspace.create({ data: { slug: "other", name: "Other" } });
  foreignProjectId = (
    await prisma.project.create({
      data: { workspaceId: other.id, name: "secret", directoryPath: "/srv/secret" },
    })
  ).id;
  foreignDeveloperId = (await prisma.developer.create({ data: { workspaceId: other.id, username: "eve" } }))
    .id;
}, 180_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await Promise.all([web?.stop(), worker?.stop(), api?.stop()]);
  await redis?.cleanup();
  await database?.drop();
});

const get = async (path: string, status = 200) => {
  const response = await client.get(path, { bearer: token });
  expect({ path, status: response.status }).toEqual({ path, status });
  return (await response.json()) as unknown;
};

const RANGE = "start_date=2026-03-08&end_date=2026-03-11";

interface Sums {
  messages: number;
  tool_calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  cost_usd: number;
}

/** Message sums from the rows (optionally of one project or developer). */
async function messageSums(where = "TRUE", ...values: unknown[]): Promise<Sums> {
  const [row] = await sql<Record<keyof Sums, string>>(
    `SELECT count(*)::text AS messages, (count(*) FILTER (WHERE m.message_type = 'tool_call'))::text AS tool_calls,
            COALESCE(sum((m.extra_data->'token_usage'->>'input_tokens')::bigint), 0)::text AS input_tokens,
            COALESCE(sum((m.extra_data->'token_usage'->>'output_tokens')::bigint), 0)::text AS output_tokens,
            COALESCE(sum((m.extra_data->'token_usage'->>'cache_read_tokens')::bigint), 0)::text AS cache_read_tokens,
            COALESCE(sum((m.extra_data->'token_usage'->>'cache_creation_tokens')::bigint), 0)::text AS cache_creation_tokens,
            COALESCE(sum(m.cost_usd), 0)::text AS cost_usd
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE ${where}`,
    ...values,
  );
  if (!row) throw new Error("no sums");
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, Number(value)]),
  ) as unknown as Sums;
}

describe("activity reads", () => {
  it("keeps the aggregates equal to the rows after the corpus went through the collector API", async () => {
    expect(await rollupDifferences(database.url, workspaceId)).toEqual({ missing: [], extra: [] });
  });

  it("GET /stats/overview: totals and breakdowns equal to sums of the rows", async () => {
    const overview = overviewSchema.parse(await get(`/api/v1/stats/overview?${RANGE}&tz=UTC`));
    const sums = await messageSums();
    expect(overview.totals).toMatchObject({
      ...sums,
      total_tokens:
        sums.input_tokens + sums.output_tokens + sums.cache_read_tokens + sums.cache_creation_tokens,
      sessions: 4,
      subagent_sessions: 1,
      // Decided sessions: a, b, c, child (d's outcome is unknown); b failed.
      success_rate: 3 / 4,
      active_now: 0,
    });
    expect(overview.totals.cost_usd).toBeGreaterThan(0);
    expect(overview.range).toEqual({ start_date: "2026-03-08", end_date: "2026-03-11", tz: "UTC" });
    expect(overview.daily.map((d) => d.date)).toEqual([
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
    ]);
    expect(overview.daily.map((d) => d.messages)).toEqual([0, sums.messages, 0, 0]);
    const agents = await sql<{ agent_type: string; messages: number }>(
      `SELECT c.agent_type, count(*)::int AS messages FROM messages m JOIN conversations c ON c.id = m.conversation_id
       GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(overview.by_agent.map((a) => ({ agent_type: a.agent_type, messages: a.messages }))).toEqual(
      agents,
    );
    const models = await sql<{ model: string; output_tokens: number }>(
      `SELECT m.extra_data->>'model' AS model, sum((m.extra_data->'token_usage'->>'output_tokens')::int)::int AS output_tokens
       FROM messages m WHERE m.extra_data ? 'model' GROUP BY 1 ORDER BY 1`,
    );
    expect(
      overview.by_model
        .map((m) => ({ model: m.model, output_tokens: m.output_tokens }))
        .sort((a, b) => a.model.localeCompare(b.model)),
    ).toEqual(models);
    const alpha = await prisma.project.findFirstOrThrow({ where: { workspaceId, name: "alpha" } });
    const alphaSums = await messageSums("c.project_id = $1::uuid", alpha.id);
    expect(overview.by_project.find((p) => p.id === alpha.id)).toMatchObject({
      name: "alpha",
      messages: alphaSums.messages,
      cost_usd: alphaSums.cost_usd,
      sessions: 3,
      subagent_sessions: 1,
    });
    const ada = await prisma.developer.findFirstOrThrow({ where: { workspaceId, username: "ada" } });
    const adaSums = await messageSums("c.developer_id = $1::uuid", ada.id);
    expect(overview.by_developer.find((d) => d.id === ada.id)).toMatchObject({
      username: "ada",
      messages: adaSums.messages,
      input_tokens: adaSums.input_tokens,
    });
    expect(overview.top_tools).toEqual([{ tool_name: "Edit", calls: 4, failures: 1 }]);
  });

  it("GET /stats/overview: the days of Asia/Kolkata (+05:30) split the same data differently", async () => {
    const utc = overviewSchema.parse(await get(`/api/v1/stats/overview?${RANGE}&tz=UTC`));
    const kolkata = overviewSchema.parse(await get(`/api/v1/stats/overview?${RANGE}&tz=Asia/Kolkata`));
    const perDay = await sql<{ day: string; messages: number }>(
      `SELECT to_char((emitted_at AT TIME ZONE 'Asia/Kolkata')::date, 'YYYY-MM-DD') AS day, count(*)::int AS messages
       FROM messages GROUP BY 1 ORDER BY 1`,
    );
    expect(perDay.map((d) => d.day)).toEqual(["2026-03-09", "2026-03-10"]);
    expect(
      kolkata.daily.filter((d) => d.messages > 0).map((d) => ({ day: d.date, messages: d.messages })),
    ).toEqual(perDay);
    expect(kolkata.totals.messages).toBe(utc.totals.messages);
    expect(kolkata.totals.cost_usd).toBeCloseTo(utc.totals.cost_usd, 10);
    expect(kolkata.daily.map((d) => d.messages)).not.toEqual(utc.daily.map((d) => d.messages));
  });

  it("answers 400 for bad parameters", async () => {
    for (const query of [
      "tz=Mars/Olympus",
      "start_date=2026-13-01",
      "start_date=yesterday",
      "start_date=2026-03-10&end_date=2026-03-09",
      "start_date=2025-01-01&end_date=2026-03-09",
      "unknown=1",
    ]) {
      const answer = (await get(`/api/v1/stats/overview?${query}`, 400)) as { error: string };
      expect(answer.error).toBe("invalid_query");
    }
    await get("/api/v1/projects?page_size=101", 400);
    await get("/api/v1/developers?page_size=101", 400);
    const alpha = await prisma.project.findFirstOrThrow({ where: { workspaceId, name: "alpha" } });
    await get(`/api/v1/projects/${alpha.id}/files?page_size=101`, 400);
    await get(`/api/v1/projects/${alpha.id}?tz=Nowhere/Land`, 400);
  });

  it("GET /projects and /projects/{id}: totals, developers, agents, cost per day", async () => {
    const list = projectListSchema.parse(await get("/api/v1/projects"));
    expect(list.total).toBe(2);
    const alpha = list.items.find((p) => p.name === "alpha");
    if (!alpha) throw new Error("alpha missing");
    const sums = await messageSums("c.project_id = $1::uuid", alpha.id);
    expect(alpha).toMatchObject({ ...sums, sessions: 3, subagent_sessions: 1, developers: 2 });
    const [last] = await sql<{ at: Date }>(
      "SELECT max(last_activity_at) AS at FROM conversations WHERE project_id = $1::uuid",
      alpha.id,
    );
    expect(alpha.last_activity_at).toBe(last?.at.toISOString());

    const detail = projectDetailSchema.parse(
      await get(`/api/v1/projects/${alpha.id}?${RANGE}&tz=Asia/Kolkata`),
    );
    expect(detail.totals).toMatchObject({ ...sums, success_rate: 2 / 3 });
    const perDay = await sql<{ day: string; cost: string }>(
      `SELECT to_char((m.emitted_at AT TIME ZONE 'Asia/Kolkata')::date, 'YYYY-MM-DD') AS day,
              COALESCE(sum(m.cost_usd), 0)::text AS cost
       FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.project_id = $1::uuid
       GROUP BY 1 ORDER BY 1`,
      alpha.id,
    );
    expect(detail.daily.filter((d) => d.messages > 0).map((d) => [d.date, d.cost_usd])).toEqual(
      perDay.map((d) => [d.day, Number(d.cost)]),
    );
    expect(detail.developers.map((d) => d.username).sort()).toEqual(["ada", "bob"]);
    expect(detail.agents.map((a) => a.agent_type)).toEqual(["claude_code"]);

    const paged = projectListSchema.parse(await get("/api/v1/projects?page=2&page_size=1"));
    expect(paged).toMatchObject({ total: 2, page: 2, page_size: 1, pages: 2 });
    expect(paged.items).toHaveLength(1);
  });

  it("GET /projects/{id}/sessions is the conversations list of the project", async () => {
    const alpha = await prisma.project.findFirstOrThrow({ where: { workspaceId, name: "alpha" } });
    const page = conversationListSchema.parse(await get(`/api/v1/projects/${alpha.id}/sessions?page_size=2`));
    expect(page.total).toBe(3);
    expect(page.items.every((item) => item.project_id === alpha.id)).toBe(true);
    const all = conversationListSchema.parse(await get(`/api/v1/projects/${alpha.id}/sessions`));
    expect(all.items.flatMap((item) => item.children).map((child) => child.collector_session_id)).toEqual([
      "ov-a-child",
    ]);
    await get(`/api/v1/projects/${alpha.id}/sessions?project_id=${alpha.id}`, 400);
  });

  it("GET /projects/{id}/files: hot spots, most touched first", async () => {
    const alpha = await prisma.project.findFirstOrThrow({ where: { workspaceId, name: "alpha" } });
    const files = projectFileListSchema.parse(await get(`/api/v1/projects/${alpha.id}/files`));
    const rows = await sql<{ file_path: string; touches: number; added: number; deleted: number }>(
      `SELECT f.file_path, count(*)::int AS touches, sum(f.lines_added)::int AS added, sum(f.lines_deleted)::int AS deleted
       FROM files_touched f JOIN conversations c ON c.id = f.conversation_id WHERE c.project_id = $1::uuid
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      alpha.id,
    );
    expect(files.total).toBe(rows.length);
    expect(files.items.map((f) => [f.file_path, f.touches, f.lines_added, f.lines_deleted])).toEqual(
      rows.map((r) => [r.file_path, r.touches, r.added, r.deleted]),
    );
    expect(files.items[0]).toMatchObject({
      file_path: "/srv/alpha/a.ts",
      developers: ["ada", "bob"],
    });
    expect(files.items[0]?.last_touched).not.toBeNull();
  });

  it("GET /developers and /developers/{id}", async () => {
    const list = developerListSchema.parse(await get("/api/v1/developers"));
    expect(list.items.map((d) => d.username).sort()).toEqual(["ada", "bob"]);
    const bob = list.items.find((d) => d.username === "bob");
    if (!bob) throw new Error("bob missing");
    const sums = await messageSums("c.developer_id = $1::uuid", bob.id);
    expect(bob).toMatchObject({ ...sums, sessions: 2, projects: 2 });
    const detail = developerDetailSchema.parse(await get(`/api/v1/developers/${bob.id}?${RANGE}`));
    expect(detail.totals).toMatchObject({ ...sums, success_rate: 1 });
    expect(detail.projects.map((p) => p.name).sort()).toEqual(["alpha", "beta"]);
    expect(detail.agents.map((a) => a.agent_type).sort()).toEqual(["claude_code", "codex"]);
    expect(detail.daily.reduce((n, d) => n + d.messages, 0)).toBe(sums.messages);
  });

  it("answers 404 for another workspace's project or developer, and for unknown ids", async () => {
    for (const path of [
      `/api/v1/projects/${foreignProjectId}`,
      `/api/v1/projects/${foreignProjectId}/sessions`,
      `/api/v1/projects/${foreignProjectId}/files`,
      `/api/v1/developers/${foreignDeveloperId}`,
      "/api/v1/projects/not-a-uuid",
    ]) {
      expect(((await get(path, 404)) as { error: string }).error).toBe("not_found");
    }
  });

  it("lists every new route in the OpenAPI document", async () => {
    const document = (await get("/api/v1/openapi.json")) as { paths: Record<string, unknown> };
    for (const path of [
      "/stats/overview",
      "/projects",
      "/projects/{id}",
      "/projects/{id}/sessions",
      "/projects/{id}/files",
      "/developers",
      "/developers/{id}",
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
  });
});
