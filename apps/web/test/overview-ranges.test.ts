// GET /stats/overview over ranges in zones whose days cut UTC days (decision 0053: whole UTC days from the day
// tables, the partial ones at the ends from the 15-minute tables): every number of the answer equals the sum
// computed from the rows of the range's instants, for ranges of whole UTC days only, of whole and partial days,
// and of one partial day. The corpus crosses UTC midnight and the local midnights of the zones asked.
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
import { projectDetailSchema } from "../src/features/projects/schemas";
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

const NO_ID = "00000000-0000-0000-0000-000000000000";
const at = (utc: string, minute: number) => new Date(Date.parse(utc) + minute * 60_000).toISOString();

interface Session {
  id: string;
  /** First event, UTC. */
  start: string;
  cwd?: string;
  developer?: string;
  agent: string;
  parent?: string;
  turns: number;
  minutesApart: number;
  outcome: "success" | "failure" | "unknown";
}

const sessions: Session[] = [
  // Across Kolkata's midnight (18:30 UTC).
  {
    id: "r-a",
    start: "2026-03-09T18:00:00Z",
    cwd: "/srv/alpha",
    developer: "ada",
    agent: "claude-code",
    turns: 10,
    minutesApart: 7,
    outcome: "success",
  },
  // Across UTC midnight and the Azores' (01:00 UTC).
  {
    id: "r-b",
    start: "2026-03-09T23:00:00Z",
    cwd: "/srv/beta",
    developer: "bob",
    agent: "claude-code",
    turns: 20,
    minutesApart: 7,
    outcome: "failure",
  },
  {
    id: "r-b-child",
    start: "2026-03-09T23:50:00Z",
    parent: "r-b",
    agent: "claude-code",
    turns: 4,
    minutesApart: 5,
    outcome: "success",
  },
  {
    id: "r-c",
    start: "2026-03-09T23:30:00Z",
    cwd: "/srv/alpha",
    developer: "bob",
    agent: "codex",
    turns: 10,
    minutesApart: 7,
    outcome: "unknown",
  },
  // Across Los Angeles' midnight (07:00 UTC, daylight time) and Pitcairn's (08:00 UTC); no project.
  {
    id: "r-d",
    start: "2026-03-10T06:50:00Z",
    developer: "cyd",
    agent: "gemini",
    turns: 12,
    minutesApart: 7,
    outcome: "success",
  },
];

const MODELS: Record<string, string[]> = {
  "claude-code": ["claude-sonnet-4-5", "claude-opus-4-1"],
  codex: ["gpt-5-codex"],
  gemini: ["gemini-2.5-pro", "gemini-2.5-flash"],
};
const TOOLS = ["Edit", "Read", "Bash"];

function eventsOf(session: Session) {
  let sequence = 0;
  const event = (minute: number, type: string, data: Record<string, unknown>) => ({
    sequence: (sequence += 1),
    type,
    emitted_at: at(session.start, minute),
    observed_at: at(session.start, minute),
    data,
  });
  const events = [
    event(0, "session_start", {
      agent_type: session.agent,
      agent_version: "1.0.0",
      ...(session.cwd ? { working_directory: session.cwd } : {}),
      ...(session.developer ? { developer: session.developer } : {}),
      ...(session.parent ? { parent_session_id: session.parent } : {}),
    }),
  ];
  const models = MODELS[session.agent] ?? [];
  for (let i = 0; i < session.turns; i += 1) {
    const minute = 1 + i * session.minutesApart;
    events.push(
      event(minute, "message", { author_role: "human", message_type: "prompt", content: `ask ${i}` }),
    );
    events.push(
      event(minute + 1, "message", {
        author_role: "assistant",
        message_type: "response",
        content: `answer ${i}`,
        model: models[i % models.length],
        token_usage: {
          input_tokens: 900 + i,
          output_tokens: 100 + i,
          cache_read_tokens: 4000,
          cache_creation_tokens: 20,
        },
      }),
    );
    if (i % 2 === 0) {
      const id = `${session.id}-tool-${i}`;
      const tool = TOOLS[i % TOOLS.length] ?? "Read";
      events.push(event(minute + 2, "tool_call", { tool_name: tool, tool_use_id: id, parameters: { i } }));
      events.push(
        event(minute + 3, "tool_result", { tool_use_id: id, success: i % 4 === 0, result: "done" }),
      );
    }
  }
  events.push(event(session.turns * session.minutesApart + 2, "session_end", { outcome: session.outcome }));
  return events;
}

async function sql<T>(query: string, ...values: unknown[]): Promise<T[]> {
  return prisma.$queryRawUnsafe<T[]>(query, ...values);
}

beforeAll(async () => {
  database = await createTestDatabase("web-overview-ranges");
  redis = createTestRedis("web-overview-ranges");
  [api, worker, web] = await Promise.all([
    startIngestApiProcess({ label: "web-overview-ranges", database, redis }),
    startIngestWorkerProcess({ database, redis }),
    startWebProcess({ label: "web-overview-ranges", database, redis }),
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
  let expectedMessages = 0;
  for (const session of sessions) {
    const events = eventsOf(session);
    // Prompts, responses, tool calls and tool results are message rows.
    expectedMessages += events.filter((e) => e.type !== "session_start" && e.type !== "session_end").length;
    const sent = await fetch(`${api.url}/collectors/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
      },
      body: JSON.stringify({ session_id: session.id, events }),
    });
    expect(sent.status).toBe(202);
  }
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
}, 180_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await Promise.all([web?.stop(), worker?.stop(), api?.stop()]);
  await redis?.cleanup();
  await database?.drop();
});

const get = async (path: string) => {
  const response = await client.get(path, { bearer: token });
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as unknown;
};

/** A sum as the overview gives it: kind (day, agent, model, project, developer, total), key, counts. */
interface Sum {
  kind: string;
  key: string | null;
  sessions: number;
  subagent_sessions: number;
  messages: number;
  tool_calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  cost_usd: number;
}

const COUNTS = [
  "sessions",
  "subagent_sessions",
  "messages",
  "tool_calls",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_creation_tokens",
  "cost_usd",
] as const;

/** Every sum of the range, from the messages and conversations rows whose instants fall in it. */
async function sumsFromRows(tz: string, start: string, end: string): Promise<Sum[]> {
  const rows = await sql<Record<string, string | null>>(
    `WITH range AS (SELECT ($2::date)::timestamp AT TIME ZONE $1 AS lo, ($3::date + 1)::timestamp AT TIME ZONE $1 AS hi),
     parts AS (
       SELECT (m.emitted_at AT TIME ZONE $1)::date AS day, c.agent_type, COALESCE(m.extra_data->>'model', '') AS model,
              COALESCE(c.project_id, '${NO_ID}') AS project_id, COALESCE(c.developer_id, '${NO_ID}') AS developer_id,
              0 AS sessions, 0 AS subagent_sessions, 1 AS messages,
              (m.message_type = 'tool_call')::int AS tool_calls,
              COALESCE((m.extra_data->'token_usage'->>'input_tokens')::bigint, 0) AS input_tokens,
              COALESCE((m.extra_data->'token_usage'->>'output_tokens')::bigint, 0) AS output_tokens,
              COALESCE((m.extra_data->'token_usage'->>'cache_read_tokens')::bigint, 0) AS cache_read_tokens,
              COALESCE((m.extra_data->'token_usage'->>'cache_creation_tokens')::bigint, 0) AS cache_creation_tokens,
              COALESCE(m.cost_usd, 0) AS cost_usd
       FROM messages m JOIN conversations c ON c.id = m.conversation_id, range r
       WHERE m.emitted_at >= r.lo AND m.emitted_at < r.hi
       UNION ALL
       SELECT (c.start_time AT TIME ZONE $1)::date, c.agent_type, '', COALESCE(c.project_id, '${NO_ID}'),
              COALESCE(c.developer_id, '${NO_ID}'),
              (c.conversation_type = 'main')::int, (c.conversation_type = 'agent')::int, 0, 0, 0, 0, 0, 0, 0
       FROM conversations c, range r WHERE c.start_time >= r.lo AND c.start_time < r.hi)
     SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(agent_type) = 0 THEN 'agent'
                 WHEN GROUPING(model) = 0 THEN 'model' WHEN GROUPING(project_id) = 0 THEN 'project'
                 WHEN GROUPING(developer_id) = 0 THEN 'developer' ELSE 'total' END AS kind,
            COALESCE(to_char(day, 'YYYY-MM-DD'), agent_type, model, project_id::text, developer_id::text) AS key,
            ${COUNTS.map((c) => `sum(${c})::text AS ${c}`).join(", ")}
     FROM parts GROUP BY GROUPING SETS ((), (day), (agent_type), (model), (project_id), (developer_id))`,
    tz,
    start,
    end,
  );
  return rows
    .map((row) => {
      const sum = { kind: row.kind ?? "", key: row.key ?? null } as Sum;
      for (const c of COUNTS) sum[c] = Number(row[c] ?? 0);
      return sum;
    })
    .filter((sum) => sum.kind !== "model" || sum.key !== "")
    .filter((sum) => sum.kind === "total" || sum.sessions + sum.subagent_sessions + sum.messages > 0);
}

/** The overview's sums in the same shape (days without activity left out, as the rows have none). */
function sumsOfOverview(overview: ReturnType<typeof overviewSchema.parse>): Sum[] {
  const pick = (kind: string, key: string | null, counts: Record<(typeof COUNTS)[number], number>) => {
    const sum = { kind, key } as Sum;
    for (const c of COUNTS) sum[c] = counts[c];
    return sum;
  };
  return [
    pick("total", null, overview.totals),
    ...overview.daily
      .filter((d) => d.sessions + d.subagent_sessions + d.messages > 0)
      .map((d) => pick("day", d.date, d)),
    ...overview.by_agent.map((a) => pick("agent", a.agent_type, a)),
    ...overview.by_model.map((m) => pick("model", m.model, m)),
    ...overview.by_project.map((p) => pick("project", p.id ?? NO_ID, p)),
    ...overview.by_developer.map((d) => pick("developer", d.id ?? NO_ID, d)),
  ];
}

const order = (sums: Sum[]) =>
  [...sums].sort((a, b) => `${a.kind}/${a.key ?? ""}`.localeCompare(`${b.kind}/${b.key ?? ""}`));

// [tz, start_date, end_date, what the range is made of]
const RANGES: [string, string, string, string][] = [
  ["UTC", "2026-03-09", "2026-03-10", "whole UTC days only"],
  ["Asia/Kolkata", "2026-03-09", "2026-03-10", "a whole UTC day and partial days (+05:30)"],
  ["Asia/Kolkata", "2026-03-10", "2026-03-10", "one partial day cutting a session (+05:30)"],
  ["America/Los_Angeles", "2026-03-09", "2026-03-09", "one partial day (-07:00, daylight time)"],
  ["Pacific/Pitcairn", "2026-03-08", "2026-03-09", "whole and partial days (-08:00)"],
  ["Atlantic/Azores", "2026-03-09", "2026-03-09", "one partial day cutting a session (-01:00)"],
];

describe("overview ranges across UTC days", () => {
  it("keeps every aggregate equal to the rows", async () => {
    expect(await rollupDifferences(database.url, workspaceId)).toEqual({ missing: [], extra: [] });
  });

  it.each(RANGES)("%s %s..%s (%s): every sum equals the rows' sums", async (tz, start, end) => {
    const overview = overviewSchema.parse(
      await get(`/api/v1/stats/overview?start_date=${start}&end_date=${end}&tz=${encodeURIComponent(tz)}`),
    );
    const expected = await sumsFromRows(tz, start, end);
    expect(order(sumsOfOverview(overview))).toEqual(order(expected));
    // Non-trivial: the range holds activity, and a range cutting a session leaves part of it out.
    const all = await sql<{ messages: number }>("SELECT count(*)::int AS messages FROM messages");
    expect(overview.totals.messages).toBeGreaterThan(0);
    if (start === end) expect(overview.totals.messages).toBeLessThan(all[0]?.messages ?? 0);
    const decided = await sql<{ succeeded: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE success)::int AS succeeded, count(*) FILTER (WHERE NOT success)::int AS failed
       FROM conversations
       WHERE start_time >= ($2::date)::timestamp AT TIME ZONE $1 AND start_time < ($3::date + 1)::timestamp AT TIME ZONE $1`,
      tz,
      start,
      end,
    );
    const { succeeded = 0, failed = 0 } = decided[0] ?? {};
    expect(overview.totals.success_rate).toBe(
      succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    );

    const tools = await sql<{ tool_name: string; calls: number; failures: number }>(
      `SELECT m.tool_calls->0->>'tool_name' AS tool_name, count(*)::int AS calls,
              (count(*) FILTER (WHERE m.tool_calls->0->>'success' = 'false'))::int AS failures
       FROM messages m
       WHERE m.message_type = 'tool_call' AND m.emitted_at >= ($2::date)::timestamp AT TIME ZONE $1
         AND m.emitted_at < ($3::date + 1)::timestamp AT TIME ZONE $1
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      tz,
      start,
      end,
    );
    expect(overview.top_tools).toEqual(tools);
  });

  it("a project's days in a zone that cuts UTC days equal its rows' (the filtered path)", async () => {
    const alpha = await prisma.project.findFirstOrThrow({ where: { workspaceId, name: "alpha" } });
    const detail = projectDetailSchema.parse(
      await get(`/api/v1/projects/${alpha.id}?start_date=2026-03-09&end_date=2026-03-10&tz=Asia/Kolkata`),
    );
    const perDay = await sql<{ day: string; messages: number }>(
      `SELECT to_char((m.emitted_at AT TIME ZONE 'Asia/Kolkata')::date, 'YYYY-MM-DD') AS day, count(*)::int AS messages
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.project_id = $1::uuid
       GROUP BY 1 ORDER BY 1`,
      alpha.id,
    );
    expect(perDay.length).toBe(2);
    expect(
      detail.daily.filter((d) => d.messages > 0).map((d) => ({ day: d.date, messages: d.messages })),
    ).toEqual(perDay);
  });
});
