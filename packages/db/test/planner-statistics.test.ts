// The planner's estimate for the transcript's probe from a tool result to its call (apps/web messages queries.ts):
// with statistics on the tool_use_id expression it knows the ids are unique, so a probe finds one call. Without
// them it guesses 200 distinct values, and on a large archive the 100-row page went parallel (docs/benchmarks.md,
// "messages page at 4x: what bounds it").
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, type TestDatabase } from "@catsyphon/testing";
import { sql } from "./helpers";

const CALLS = 2000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Plan Rows": number;
  Plans?: PlanNode[];
}

function findIndexScan(node: PlanNode, indexName: string): PlanNode | undefined {
  if (node["Index Name"] === indexName) return node;
  for (const child of node.Plans ?? []) {
    const found = findIndexScan(child, indexName);
    if (found) return found;
  }
  return undefined;
}

describe("statistics on a message's tool_use_id", () => {
  let database: TestDatabase;
  let conversationId = "";

  beforeAll(async () => {
    database = await createTestDatabase("planner-statistics");
    const [workspace] = await sql<{ id: string }>(
      database.url,
      `INSERT INTO workspaces (id, slug, name, updated_at) VALUES (gen_random_uuid(), 'stats', 'Stats', now())
       RETURNING id`,
    );
    const [conversation] = await sql<{ id: string }>(
      database.url,
      `INSERT INTO conversations (id, workspace_id, collector_session_id, agent_type, updated_at)
       VALUES (gen_random_uuid(), $1, 'stats-session', 'claude-code', now()) RETURNING id`,
      [workspace!.id],
    );
    conversationId = conversation!.id;
    // A call and its result per tool_use_id, as the worker stores them.
    await sql(
      database.url,
      `INSERT INTO messages (workspace_id, conversation_id, sequence, author_role, message_type, tool_calls,
                             emitted_at, observed_at, server_received_at)
       SELECT $1, $2, 2 * i + kind, 'assistant', (CASE kind WHEN 0 THEN 'tool_call' ELSE 'tool_result' END)::message_type,
              jsonb_build_array(jsonb_build_object('tool_use_id', 'toolu_' || i)), now(), now(), now()
       FROM generate_series(1, $3::int) AS i, (VALUES (0), (1)) AS kinds(kind)`,
      [workspace!.id, conversationId, CALLS],
    );
    await sql(database.url, "ANALYZE messages");
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("let the planner estimate one call per tool result in the transcript's anti-join", async () => {
    const [explained] = await sql<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
      database.url,
      `EXPLAIN (FORMAT JSON)
       SELECT m.sequence FROM messages m
       WHERE m.conversation_id = $1::uuid
         AND NOT EXISTS (
           SELECT 1 FROM messages c
           WHERE m.message_type = 'tool_result' AND c.conversation_id = m.conversation_id
             AND c.message_type = 'tool_call'
             AND c.tool_calls -> 0 ->> 'tool_use_id' = m.tool_calls -> 0 ->> 'tool_use_id')
       ORDER BY m.sequence LIMIT 100`,
      [conversationId],
    );
    const probe = findIndexScan(explained!["QUERY PLAN"][0]!.Plan, "messages_tool_call_use_id_idx");
    expect(probe).toBeDefined();
    // Without the statistics: CALLS / 200 = 10 rows a probe.
    expect(probe!["Plan Rows"]).toBe(1);
  });
});
