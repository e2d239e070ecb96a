// `catsyphon ingest` of a folder tree against the real ingest API, worker and Postgres: per conversation the
// human prompts, tool-call ids, files touched, token sums, epochs, project, developer and parent link are those
// the parsers read from the files; a second run adds nothing.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PARSERS, parseWholeFile } from "@catsyphon/parsers";

import {
  conversations,
  copyFixture,
  eventually,
  filesTouched,
  messageCount,
  runCli,
  type Stack,
  startStack,
  toolCallIds,
} from "./support";

const CLAUDE_PARENT = "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f";
const CLAUDE_CHILD = `${CLAUDE_PARENT}:agent-a0ad4f44468bdf20d`;

let stack: Stack;
let tree: string;

/** What the parsers read from one file: the expectations for its conversation. */
async function expected(path: string) {
  const bytes = await readFile(path);
  const parser = PARSERS.find((p) => p.probe(path, bytes.subarray(0, 65536).toString("utf8")));
  if (!parser) throw new Error(`no parser for ${path}`);
  const { events, checkpoint } = parseWholeFile(parser, bytes, { path });
  const usage = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const event of events) {
    if (event.type !== "message" || !event.data.token_usage) continue;
    usage.input += event.data.token_usage.input_tokens ?? 0;
    usage.output += event.data.token_usage.output_tokens ?? 0;
    usage.cacheRead += event.data.token_usage.cache_read_tokens ?? 0;
    usage.cacheCreation += event.data.token_usage.cache_creation_tokens ?? 0;
  }
  return {
    sessionId: checkpoint.session?.sessionId ?? "",
    lastSequence: events.length,
    prompts: events.filter(
      (e) => e.type === "message" && e.data.author_role === "human" && e.data.message_type === "prompt",
    ).length,
    toolCallIds: events.flatMap((e) => (e.type === "tool_call" ? [e.data.tool_use_id] : [])),
    compactions: events.filter((e) => e.type === "metadata" && "compaction" in e.data).length,
    usage,
  };
}

beforeAll(async () => {
  stack = await startStack("watcher-ingest");
  tree = join(stack.home, "upload");
  const claude = join(tree, "claude", "-tmp");
  await copyFixture(
    `claude-code/agent-sessions/subagent/${CLAUDE_PARENT}.jsonl`,
    join(claude, `${CLAUDE_PARENT}.jsonl`),
  );
  await copyFixture(`claude-code/agent-sessions/subagent/${CLAUDE_PARENT}`, join(claude, CLAUDE_PARENT));
  await copyFixture(
    "claude-code/aiobscura/minimal-session.jsonl",
    join(tree, "claude", "-Users-test-project", "test-session-001.jsonl"),
  );
  await copyFixture("claude-code/agent-sessions/small.jsonl", join(tree, "claude", "-work", "small.jsonl"));
  await copyFixture(
    "claude-code/catsyphon/plan_conversation.jsonl",
    join(tree, "claude", "-work", "plan_conversation.jsonl"),
  );
  await copyFixture("codex/claude-code-log/sessions/2026/01/03", join(tree, "codex", "2026", "01", "03"));
  await copyFixture("codex/aiobscura/with-tool-calls.jsonl", join(tree, "codex", "with-tool-calls.jsonl"));
  await copyFixture(
    "gemini/agent-sessions/jsonl_v040.jsonl",
    join(tree, "gemini", "hash", "chats", "session-1.jsonl"),
  );
  await copyFixture(
    "gemini/agentsview/tool_calls_with_results.json",
    join(tree, "gemini", "hash", "chats", "session-2.json"),
  );
  await copyFixture("claude-code/catsyphon/not_a_log.txt", join(tree, "notes", "not_a_log.jsonl"));
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe("catsyphon ingest", () => {
  it("sends every session of a folder tree, and the rows are what the parsers read", async () => {
    const run = await runCli(["ingest", tree], stack.cliEnv);
    expect(run.stderr).toMatch(/11 files, 10 sessions, \d+ events sent, 1 skipped, 0 failed/);
    expect(run.code).toBe(0);

    const files = [
      join(tree, "claude", "-tmp", `${CLAUDE_PARENT}.jsonl`),
      join(tree, "claude", "-tmp", CLAUDE_PARENT, "subagents", "agent-a0ad4f44468bdf20d.jsonl"),
      join(tree, "claude", "-Users-test-project", "test-session-001.jsonl"),
      join(tree, "claude", "-work", "small.jsonl"),
      join(tree, "claude", "-work", "plan_conversation.jsonl"),
      join(tree, "codex", "with-tool-calls.jsonl"),
      join(tree, "gemini", "hash", "chats", "session-1.jsonl"),
      join(tree, "gemini", "hash", "chats", "session-2.json"),
    ];
    const expectations = await Promise.all(files.map(expected));
    // The worker writes asynchronously: wait until every session reached its last event.
    const rows = await eventually(
      async () => {
        const all = await conversations(stack.prisma);
        return expectations.every((e) => all.get(e.sessionId)?.last_event_sequence === e.lastSequence)
          ? all
          : null;
      },
      { timeoutMs: 60_000 },
    );
    for (const e of expectations) {
      const row = rows.get(e.sessionId);
      expect({ session: e.sessionId, prompts: Number(row?.human_prompts) }).toEqual({
        session: e.sessionId,
        prompts: e.prompts,
      });
      expect(await toolCallIds(stack.prisma, row?.id ?? "")).toEqual(e.toolCallIds);
      expect({
        session: e.sessionId,
        input: Number(row?.input_tokens),
        output: Number(row?.output_tokens),
        cacheRead: Number(row?.cache_read_tokens),
        cacheCreation: Number(row?.cache_creation_tokens),
      }).toEqual({ session: e.sessionId, ...e.usage });
      expect(Number(row?.epochs)).toBe(e.compactions + 1);
    }

    // Facts from the files themselves, independent of the parsers.
    const minimal = rows.get("test-session-001");
    expect(minimal).toMatchObject({ project: "project", developer: "test", conversation_type: "main" });
    expect(Number(minimal?.human_prompts)).toBe(2);
    expect(Number(minimal?.input_tokens) + Number(minimal?.output_tokens)).toBeGreaterThan(0);

    const parent = rows.get(CLAUDE_PARENT);
    const child = rows.get(CLAUDE_CHILD);
    expect(child).toMatchObject({
      parent_session_id: CLAUDE_PARENT,
      parent_conversation_id: parent?.id,
      conversation_type: "agent",
    });
    expect(child?.project).toBe(parent?.project);
    expect(Number(rows.get("small")?.epochs ?? rows.get(expectations[3]?.sessionId ?? "")?.epochs)).toBe(3);

    const codexParent = rows.get("22222222-2222-4222-8222-222222222222");
    const codexChild = rows.get("33333333-3333-4333-8333-333333333333");
    expect(codexChild).toMatchObject({
      parent_session_id: codexParent?.collector_session_id,
      parent_conversation_id: codexParent?.id,
    });

    const codexTools = rows.get(expectations[5]?.sessionId ?? "");
    expect((await toolCallIds(stack.prisma, codexTools?.id ?? "")).length).toBeGreaterThan(0);
    const plan = rows.get(expectations[4]?.sessionId ?? "");
    expect(await filesTouched(stack.prisma, plan?.id ?? "")).not.toEqual([]);
  }, 180_000);

  it("sends nothing new when run again", async () => {
    const before = await messageCount(stack.prisma);
    const run = await runCli(["ingest", tree], stack.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/10 sessions, 0 events sent/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await messageCount(stack.prisma)).toBe(before);
  }, 120_000);

  it("exits non-zero with a clear message when the key is wrong", async () => {
    const run = await runCli(["ingest", tree], {
      ...stack.cliEnv,
      CATSYPHON_API_KEY: "cs_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/failed .*(unauthorized|API key|key)/i);
  }, 120_000);

  it("fetches built-in credentials with only the admin token without locking out a key in use", async () => {
    // Two processes with no key of their own, only the admin token (pnpm start's watcher, then a user's
    // `catsyphon ingest` with another config file): each fetches the built-in credentials and saves them.
    const adminOnly = (name: string) => ({
      HOME: stack.home,
      CATSYPHON_SERVER_URL: stack.api.url,
      CATSYPHON_ADMIN_TOKEN: stack.api.adminToken,
      CATSYPHON_STATE_DIR: join(stack.home, `${name}-state`),
      CATSYPHON_CONFIG_FILE: join(stack.home, `${name}-config.json`),
    });
    const saved = async (name: string) =>
      JSON.parse(await readFile(join(stack.home, `${name}-config.json`), "utf8")) as {
        api_key: string;
        collector_id: string;
      };
    const first = await runCli(["ingest", join(tree, "claude", "-work", "small.jsonl")], adminOnly("first"));
    expect(first.code).toBe(0);
    const inUse = await saved("first");
    const second = await runCli(["ingest", join(tree, "claude", "-Users-test-project")], adminOnly("second"));
    expect(second.code).toBe(0);
    expect((await saved("second")).api_key).not.toBe(inUse.api_key);

    // The key the first process uses still gets its batches accepted.
    const now = new Date().toISOString();
    const res = await fetch(`${stack.api.url}/collectors/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${inUse.api_key}`,
        "x-collector-id": inUse.collector_id,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        session_id: "builtin-key-still-in-use",
        events: [
          {
            sequence: 1,
            type: "session_start",
            emitted_at: now,
            observed_at: now,
            data: { agent_type: "claude_code", agent_version: "test" },
          },
        ],
      }),
    });
    expect(res.status).toBe(202);
  }, 120_000);

  it("logs in with an admin token (config file mode 0600) and then ingests with no flags", async () => {
    const configFile = join(stack.home, "login", "config.json");
    const env = { HOME: stack.home, CATSYPHON_CONFIG_FILE: configFile };
    const refused = await runCli(["login", "--server", stack.api.url, "--admin-token", "x".repeat(32)], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401|unauthorized|admin/i);
    const ok = await runCli(["login", "--server", stack.api.url, "--admin-token", stack.api.adminToken], env);
    expect(ok.code).toBe(0);
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(configFile, "utf8")) as { api_key: string; server_url: string };
    expect(saved.server_url).toBe(stack.api.url);
    expect(saved.api_key).toMatch(/^cs_test_/);
    const run = await runCli(["ingest", join(tree, "claude", "-Users-test-project")], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1 files, 1 sessions, 0 events sent/);
  }, 120_000);
});
