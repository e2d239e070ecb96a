// The real tagger (in this process) on this test file's own database and Redis prefix; tagging jobs are
// enqueued with the real producer, as the ingest worker and the web app enqueue them.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";

import { loadTaggerEnv } from "@catsyphon/config";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { createLogger } from "@catsyphon/logger";
import { createQueueProducer, createRedisConnection, type QueueProducer } from "@catsyphon/queue";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@catsyphon/testing";
import { type Redis } from "ioredis";

import { startTagger, type RunningTagger } from "../src/worker";

export { eventually } from "@catsyphon/testing";

export interface TaggerHarness {
  database: TestDatabase;
  redis: TestRedis;
  prisma: PrismaClient;
  producer: QueueProducer;
  workspaceId: string;
  /** Starts (or restarts with other settings) the tagger. */
  startTagger(env?: Record<string, string>): Promise<RunningTagger>;
  /** Log lines the tagger wrote (JSON objects). */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** `shared` runs the tagger on a database and Redis prefix other processes of the test use (not dropped at close). */
export async function startTaggerHarness(
  label: string,
  shared?: { database: TestDatabase; redis: TestRedis },
): Promise<TaggerHarness> {
  const database = shared?.database ?? (await createTestDatabase(label));
  const redis = shared?.redis ?? createTestRedis(label);
  const prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 3 });
  const connection: Redis = createRedisConnection(redis.url, "producer");
  // Tiny backoff so a job retried after an LLM outage comes back within the test.
  const producer = createQueueProducer({
    connection,
    prefix: redis.prefix,
    jobOptions: { tagging: { attempts: 5, backoff: { type: "fixed", delay: 200 } } },
  });
  const workspace =
    (await prisma.workspace.findFirst({ where: { slug: "default" } })) ??
    (await prisma.workspace.create({ data: { slug: "default", name: "Default" } }));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      for (const line of chunk.toString().split("\n"))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  let tagger: RunningTagger | undefined;
  return {
    database,
    redis,
    prisma,
    producer,
    workspaceId: workspace.id,
    logs,
    startTagger: async (overrides = {}) => {
      await tagger?.close();
      const env = loadTaggerEnv({
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        TAGGER_HEALTH_PORT: "0",
        TAGGER_CONCURRENCY: "2",
        LOG_LEVEL: "info",
        ...overrides,
      });
      tagger = await startTagger(env, createLogger({ name: "tagger", level: "info", destination: sink }));
      return tagger;
    },
    close: async () => {
      await tagger?.close();
      await producer.close();
      connection.disconnect();
      await prisma.$disconnect();
      if (shared) return;
      await redis.cleanup();
      await database.drop();
    },
  };
}

export interface SyntheticMessage {
  role: "human" | "assistant" | "tool" | "system";
  type: "prompt" | "response" | "tool_call" | "tool_result" | "error" | "thinking";
  content?: string;
  toolCalls?: unknown[];
  extraData?: Record<string, unknown>;
}

/** A completed conversation with these messages, written as the worker writes rows. */
export async function createConversation(
  h: TaggerHarness,
  messages: SyntheticMessage[],
  options: { outcome?: string | null; files?: string[]; workspaceId?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const workspaceId = options.workspaceId ?? h.workspaceId;
  const start = Date.parse("2026-06-01T10:00:00Z");
  await h.prisma.conversation.create({
    data: {
      id,
      workspaceId,
      collectorSessionId: `session-${id}`,
      agentType: "claude_code",
      status: "completed",
      outcome: options.outcome ?? null,
      messageCount: messages.length,
      lastEventSequence: messages.length,
      startTime: new Date(start),
      endTime: new Date(start + messages.length * 1000),
    },
  });
  const rows = messages.map((message, index) => ({
    workspaceId,
    conversationId: id,
    sequence: index + 1,
    authorRole: message.role,
    messageType: message.type,
    content: message.content ?? "",
    toolCalls: (message.toolCalls ?? []) as object[],
    extraData: (message.extraData ?? {}) as object,
    emittedAt: new Date(start + index * 1000),
    observedAt: new Date(start + index * 1000),
    serverReceivedAt: new Date(start + index * 1000),
  }));
  for (let offset = 0; offset < rows.length; offset += 5_000) {
    await h.prisma.message.createMany({ data: rows.slice(offset, offset + 5_000) });
  }
  if (options.files?.length) {
    await h.prisma.fileTouched.createMany({
      data: options.files.map((filePath, index) => ({
        workspaceId,
        conversationId: id,
        sourceSequence: index + 1,
        filePath,
        changeType: "edit" as const,
      })),
    });
  }
  return id;
}

/** A session of `turns` prompt / tool call / result / answer rounds. */
export function typicalSession(
  turns = 3,
  prompt = "Add a login form with validation to the app",
): SyntheticMessage[] {
  const messages: SyntheticMessage[] = [{ role: "human", type: "prompt", content: prompt }];
  for (let turn = 0; turn < turns; turn += 1) {
    const id = `toolu_${turn}`;
    messages.push(
      {
        role: "assistant",
        type: "tool_call",
        toolCalls: [
          {
            tool_name: "Edit",
            tool_use_id: id,
            parameters: { file_path: `src/login${turn}.tsx` },
            success: true,
            result: "ok",
          },
        ],
      },
      {
        role: "tool",
        type: "tool_result",
        content: "ok",
        toolCalls: [{ tool_use_id: id, result: "ok", success: true }],
      },
      { role: "assistant", type: "response", content: `Step ${turn + 1} done.` },
    );
  }
  return messages;
}

let requestCounter = 0;
/** Enqueues a tagging job (a fresh request instant each time, as a new request would carry). */
export async function requestTagging(
  h: TaggerHarness,
  conversationId: string,
  reason: "session_end" | "idle_timeout" | "manual" = "manual",
  workspaceId = h.workspaceId,
): Promise<void> {
  requestCounter += 1;
  await h.producer.enqueueTagConversation({
    workspace_id: workspaceId,
    conversation_id: conversationId,
    reason,
    requested_at: new Date(Date.now() + requestCounter).toISOString(),
  });
}

export interface StoredTagsView {
  [field: string]: unknown;
  _meta?: {
    llm_status?: string;
    source?: Record<string, string>;
    rules_version?: number;
    prompt_version?: number | null;
    model?: string | null;
  };
}

export async function tagsOf(h: TaggerHarness, conversationId: string): Promise<StoredTagsView> {
  const row = await h.prisma.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { tags: true },
  });
  return row.tags as StoredTagsView;
}

export async function runsOf(h: TaggerHarness, conversationId: string) {
  return h.prisma.analysisRun.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
}
