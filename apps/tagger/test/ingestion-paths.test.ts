// Every ingestion path ends tagged: the `catsyphon ingest` CLI (real Claude Code, Codex and Gemini fixture logs), the
// SDK (a parsed Codex log, sequenced) and an unsequenced client (raw POSTs as the original's watcher sends them).
// The real ingest API and worker run as child processes; the tagger (rule tags only) runs in this process.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { codexParser, parseWholeFile } from "@catsyphon/parsers";
import { type CollectorCredentials } from "@catsyphon/protocol";
import { CatSyphonClient } from "@catsyphon/sdk";
import {
  createTestDatabase,
  createTestRedis,
  repoRoot,
  startIngestApiProcess,
  startIngestWorkerProcess,
  type IngestApiProcess,
  type IngestWorkerProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";

import { eventually, startTaggerHarness, type StoredTagsView, type TaggerHarness } from "./harness";

const FIXTURES = join(repoRoot(), "packages", "parsers", "test", "fixtures");
const CLI = join(repoRoot(), "apps", "watcher", "bin", "catsyphon.mjs");

let database: TestDatabase;
let redis: TestRedis;
let api: IngestApiProcess;
let worker: IngestWorkerProcess;
let h: TaggerHarness;
let credentials: CollectorCredentials;

beforeAll(async () => {
  database = await createTestDatabase("tagger-paths");
  redis = createTestRedis("tagger-paths");
  api = await startIngestApiProcess({ label: "tagger-paths", database, redis });
  worker = await startIngestWorkerProcess({ database, redis });
  h = await startTaggerHarness("tagger-paths", { database, redis });
  await h.startTagger({});
  const response = await fetch(`${api.url}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ collector_type: "tagger-test", collector_version: "1", hostname: "test-host" }),
  });
  credentials = (await response.json()) as CollectorCredentials;
}, 180_000);

afterAll(async () => {
  await h?.close();
  await worker?.stop();
  await api?.stop();
  await redis?.cleanup();
  await database?.drop();
});

async function taggedConversation(sessionId: string): Promise<StoredTagsView> {
  return eventually(
    async () => {
      const row = await h.prisma.conversation.findFirst({ where: { collectorSessionId: sessionId } });
      const tags = row?.tags as StoredTagsView | undefined;
      return tags?._meta ? tags : null;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("every ingestion path is tagged", () => {
  it("catsyphon ingest of Claude Code, Codex and Gemini logs", async () => {
    const home = await mkdtemp(join(tmpdir(), "tagger-paths-"));
    const logs = join(home, "logs");
    const files = [
      ["claude-code/catsyphon/full_conversation.jsonl", "claude.jsonl"],
      ["codex/agent-sessions/small.jsonl", "rollout-2025-01-01T00-00-00-codex.jsonl"],
      ["gemini/agent-sessions/jsonl_v040.jsonl", "session-gemini.jsonl"],
    ] as const;
    const old = new Date(Date.now() - 3_600_000);
    for (const [from, to] of files) {
      await cp(join(FIXTURES, from), join(logs, to));
      // Idle for an hour: a one-shot ingest completes the session (session_end), which requests tagging.
      await utimes(join(logs, to), old, old);
    }
    const run = await runCli(["ingest", logs], {
      HOME: home,
      CATSYPHON_SERVER_URL: api.url,
      CATSYPHON_API_KEY: credentials.api_key,
      CATSYPHON_COLLECTOR_ID: credentials.collector_id,
      CATSYPHON_STATE_DIR: join(home, "state"),
      CATSYPHON_CONFIG_FILE: join(home, "config.json"),
    });
    expect([run.code, run.output]).toEqual([0, expect.stringMatching(/3 sessions/)]);
    const conversations = await eventually(
      async () => {
        const rows = await h.prisma.conversation.findMany({ where: { status: "completed" } });
        return rows.length >= 3 ? rows : null;
      },
      { timeoutMs: 90_000 },
    );
    for (const conversation of conversations) {
      const tags = await taggedConversation(conversation.collectorSessionId);
      expect(tags._meta).toMatchObject({ rules_version: 1, llm_status: "disabled" });
      expect(tags).toHaveProperty("tools_used");
      expect(tags).toHaveProperty("test_runs");
      expect(typeof tags.has_errors).toBe("boolean");
    }
    const claude = conversations.find(
      (row) => row.agentType === "claude-code" || row.agentType === "claude_code",
    );
    expect(claude).toBeDefined();
    const claudeTags = await taggedConversation(claude?.collectorSessionId ?? "");
    expect(Object.keys(claudeTags.tools_used as Record<string, number>).length).toBeGreaterThan(0);
  }, 240_000);

  it("a session sent with the SDK (sequenced)", async () => {
    const path = join(FIXTURES, "codex/agent-sessions/small.jsonl");
    const parsed = parseWholeFile(codexParser, await readFile(path), { path });
    const sessionId = "sdk-path-session";
    const client = new CatSyphonClient({
      serverUrl: api.url,
      apiKey: credentials.api_key,
      collectorId: credentials.collector_id,
    });
    const session = client.session(sessionId);
    for (const event of parsed.events) {
      if (event.type === "session_end") continue;
      session.append({ ...event, observed_at: event.emitted_at } as Parameters<typeof session.append>[0]);
    }
    session.end({ outcome: "success" });
    await client.close();
    const tags = await taggedConversation(sessionId);
    expect(tags).toMatchObject({ outcome: "success" });
    expect(tags._meta?.source?.outcome).toBe("rule");
  }, 120_000);

  it("an unsequenced client (no sequence numbers), with a failing pytest run", async () => {
    const sessionId = "unsequenced-path-session";
    const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 10, 0, second)).toISOString();
    const events = [
      {
        type: "session_start",
        emitted_at: at(0),
        observed_at: at(0),
        data: { agent_type: "claude-code", agent_version: "2.0.0", working_directory: "/home/ada/app" },
      },
      {
        type: "message",
        emitted_at: at(1),
        observed_at: at(1),
        data: {
          author_role: "human",
          message_type: "prompt",
          content: "Run the tests, this is STILL NOT WORKING!!!",
        },
      },
      {
        type: "tool_call",
        emitted_at: at(2),
        observed_at: at(2),
        data: { tool_name: "Bash", tool_use_id: "t1", parameters: { command: "pytest -q tests/" } },
      },
      {
        type: "tool_result",
        emitted_at: at(3),
        observed_at: at(3),
        data: { tool_use_id: "t1", success: false, result: "2 failed, 10 passed" },
      },
      {
        type: "error",
        emitted_at: at(4),
        observed_at: at(4),
        data: { error_type: "api_error", message: "Overloaded" },
      },
    ];
    const post = async (batch: unknown[]) => {
      const response = await fetch(`${api.url}/collectors/events`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${credentials.api_key}`,
          "x-collector-id": credentials.collector_id,
          "content-type": "application/json",
        },
        body: JSON.stringify({ session_id: sessionId, events: batch }),
      });
      expect(response.status).toBe(202);
    };
    await post(events);
    await post([
      { type: "session_end", emitted_at: at(5), observed_at: at(5), data: { outcome: "unknown" } },
    ]);
    const tags = await taggedConversation(sessionId);
    expect(tags).toMatchObject({
      has_errors: true,
      error_count: 2,
      tools_used: { Bash: 1 },
      tool_failures: 1,
      test_runs: { count: 1, frameworks: ["pytest"], last_passed: false, failed: 1 },
      outcome: "failure",
      frustration_markers: { still_broken: 1, repeated_punctuation: 1 },
    });
  }, 120_000);
});
