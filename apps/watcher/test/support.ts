// The real stack for watcher tests: ingest API and ingest worker as child processes on this test file's own
// database and Redis prefix, and the `catsyphon` CLI run as a child process, exactly as a user runs it.
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { type CollectorCredentials } from "@catsyphon/protocol";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  repoRoot,
  startIngestApiProcess,
  startIngestWorkerProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";

const CLI = join(repoRoot(), "apps", "watcher", "bin", "catsyphon.mjs");
export const FIXTURES = join(repoRoot(), "packages", "parsers", "test", "fixtures");

export interface Stack {
  database: TestDatabase;
  redis: TestRedis;
  api: IngestApiProcess;
  worker: IngestWorkerProcess;
  prisma: PrismaClient;
  credentials: CollectorCredentials;
  /** Env for the CLI: server and credentials, a private HOME and state folder. */
  cliEnv: Record<string, string>;
  home: string;
  restartApi(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(label: string, apiEnv: Record<string, string> = {}): Promise<Stack> {
  const database = await createTestDatabase(label);
  const redis = createTestRedis(label);
  let api = await startIngestApiProcess({ label, database, redis, env: apiEnv });
  const worker = await startIngestWorkerProcess({ database, redis });
  const prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 2 });
  const res = await fetch(`${api.url}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      collector_type: "catsyphon-watcher",
      collector_version: "test",
      hostname: "test-host",
    }),
  });
  const credentials = (await res.json()) as CollectorCredentials;
  const home = await mkdtemp(join(tmpdir(), `catsyphon-${label}-`));
  const stack: Stack = {
    database,
    redis,
    api,
    worker,
    prisma,
    credentials,
    home,
    cliEnv: {
      HOME: home,
      CATSYPHON_SERVER_URL: api.url,
      CATSYPHON_API_KEY: credentials.api_key,
      CATSYPHON_COLLECTOR_ID: credentials.collector_id,
      CATSYPHON_STATE_DIR: join(home, "state"),
      CATSYPHON_CONFIG_FILE: join(home, "config.json"),
    },
    restartApi: async () => {
      await api.stop();
      const port = new URL(api.url).port;
      api = await startIngestApiProcess({
        label,
        database,
        redis,
        env: { ...apiEnv, INGEST_API_PORT: port },
      });
      stack.api = api;
    },
    close: async () => {
      await prisma.$disconnect();
      await worker.stop();
      await api.stop();
      await redis.cleanup();
      await database.drop();
    },
  };
  return stack;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LOG_LEVEL: "info", ...env };
}

/** Runs `catsyphon <args>` to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cliEnvironment(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningCli {
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts a long-running `catsyphon <args>` (watch). */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: cliEnvironment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts `catsyphon watch <args>` and waits until it has backfilled and follows changes. */
export async function startWatching(args: string[], env: Record<string, string>): Promise<RunningCli> {
  const watcher = startCli(["watch", ...args], env);
  await eventually(async () => watcher.output().includes("following changes"), { timeoutMs: 60_000 });
  return watcher;
}

/** Copies a fixture (file or folder) to `to`, creating parent folders. */
export async function copyFixture(relative: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await cp(join(FIXTURES, relative), to, { recursive: true });
}

export { eventually };

export interface ConversationRow {
  id: string;
  collector_session_id: string;
  parent_session_id: string | null;
  parent_conversation_id: string | null;
  conversation_type: string;
  agent_type: string;
  status: string;
  last_event_sequence: number;
  message_count: number;
  input_tokens: bigint;
  output_tokens: bigint;
  cache_read_tokens: bigint;
  cache_creation_tokens: bigint;
  project: string | null;
  developer: string | null;
  human_prompts: bigint;
  epochs: bigint;
}

export async function conversations(prisma: PrismaClient): Promise<Map<string, ConversationRow>> {
  const rows = await prisma.$queryRawUnsafe<ConversationRow[]>(
    `SELECT c.id, c.collector_session_id, c.parent_session_id, c.parent_conversation_id, c.conversation_type::text,
            c.agent_type, c.status::text, c.last_event_sequence, c.message_count, c.input_tokens, c.output_tokens,
            c.cache_read_tokens, c.cache_creation_tokens, p.name AS project, d.username AS developer,
            (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'human'
               AND m.message_type = 'prompt') AS human_prompts,
            (SELECT count(*) FROM epochs e WHERE e.conversation_id = c.id) AS epochs
     FROM conversations c LEFT JOIN projects p ON p.id = c.project_id LEFT JOIN developers d ON d.id = c.developer_id`,
  );
  return new Map(rows.map((row) => [row.collector_session_id, row]));
}

export async function toolCallIds(prisma: PrismaClient, conversationId: string): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT call->>'tool_use_id' AS id FROM messages m, jsonb_array_elements(m.tool_calls) call
     WHERE m.conversation_id = $1::uuid AND m.message_type = 'tool_call' ORDER BY m.sequence`,
    conversationId,
  );
  return rows.map((row) => row.id);
}

export async function filesTouched(prisma: PrismaClient, conversationId: string): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ entry: string }[]>(
    `SELECT change_type::text || ' ' || file_path AS entry FROM files_touched WHERE conversation_id = $1::uuid
     ORDER BY source_sequence, file_path`,
    conversationId,
  );
  return rows.map((row) => row.entry);
}

export async function messageCount(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM messages`);
  return Number(row?.n ?? 0);
}

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

/** A Claude Code user line of session `sessionId` (working directory /home/alice/proj), the n-th second. */
export const userLine = (sessionId: string, n: number, text: string) =>
  line({
    type: "user",
    uuid: `u-${sessionId}-${n}`,
    sessionId,
    cwd: "/home/alice/proj",
    version: "2.1.0",
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    message: { role: "user", content: text },
  });

/** A Claude Code assistant line (one text block, 10 input and 5 output tokens). */
export const assistantLine = (sessionId: string, n: number, text: string) =>
  line({
    type: "assistant",
    uuid: `a-${sessionId}-${n}`,
    sessionId,
    cwd: "/home/alice/proj",
    version: "2.1.0",
    requestId: `req-${sessionId}-${n}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    message: {
      id: `msg-${sessionId}-${n}`,
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text }],
      usage: { input_tokens: 10, output_tokens: 5 },
    },
  });

/** Sequences of the messages stored for a session. */
export async function messageSequences(prisma: PrismaClient, sessionId: string): Promise<number[]> {
  const rows = await prisma.$queryRawUnsafe<{ sequence: number }[]>(
    `SELECT m.sequence FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.collector_session_id = $1 ORDER BY m.sequence`,
    sessionId,
  );
  return rows.map((row) => row.sequence);
}
