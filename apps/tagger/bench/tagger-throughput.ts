// `pnpm bench:tagger`: (1) the rule-tagging rate, in process, on 1,000-message sessions (rules plus the compacted,
// redacted prompt); (2) tagging end to end through the tagger (queue → Postgres → fake OpenAI-compatible server →
// Postgres): prompt size and latency per session; (3) the ingest worker's write rate (a child process) alone and
// with the tagger tagging a backlog beside it, in the same run.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";

import { loadTaggerEnv } from "@catsyphon/config";
import { createPrismaClient } from "@catsyphon/db";
import { createLogger } from "@catsyphon/logger";
import { createQueueProducer, createRedisConnection } from "@catsyphon/queue";
import { createTestDatabase, createTestRedis, startIngestWorkerProcess } from "@catsyphon/testing";

import { compactTranscript } from "../src/prompt/compact";
import { computeRuleTags } from "../src/rules/rule-tags";
import { type Transcript, type TranscriptMessage } from "../src/transcript";
import { startTagger } from "../src/worker";
import { startFakeOpenAi } from "../test/fake-openai";

const SESSION_MESSAGES = 1_000;
const RULE_SESSIONS = Number(process.argv[2] ?? 200);
const LLM_SESSIONS = Number(process.argv[3] ?? 40);
const WORKER_EVENTS = Number(process.argv[4] ?? 40_000);
const MAX_INPUT_CHARS = 24_000;
const text = "Refactor the session parser so that it streams instead of slurping the file. ".repeat(4);

function syntheticMessages(size: number): TranscriptMessage[] {
  return Array.from({ length: size }, (_, index) => {
    const kind = index % 4;
    const base = { sequence: index + 1, content: text, errorType: undefined, toolCalls: [] };
    if (kind === 0) return { ...base, role: "human", type: "prompt" };
    if (kind === 1) {
      return {
        ...base,
        role: "assistant",
        type: "tool_call",
        content: "",
        toolCalls: [
          {
            toolName: index % 8 === 1 ? "Bash" : "Edit",
            toolUseId: `t${index}`,
            parameters: { command: "pnpm jest src", file_path: `src/f${index}.ts` },
            success: index % 16 !== 1,
            result: "Tests: 3 passed",
          },
        ],
      };
    }
    if (kind === 2)
      return {
        ...base,
        role: "tool",
        type: "tool_result",
        toolCalls: [
          {
            toolName: undefined,
            toolUseId: `t${index - 1}`,
            parameters: undefined,
            success: true,
            result: "ok",
          },
        ],
      };
    return { ...base, role: "assistant", type: "response" };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function ruleRate(): void {
  const messages = syntheticMessages(SESSION_MESSAGES);
  const transcript: Transcript = {
    conversationId: "c",
    workspaceId: "w",
    agentType: "claude_code",
    outcome: null,
    messages,
    filePaths: ["src/a.ts", "b.py"],
    storedTags: {},
  };
  for (let i = 0; i < 20; i += 1)
    compactTranscript(transcript, computeRuleTags(transcript, undefined), MAX_INPUT_CHARS);
  const started = performance.now();
  let chars = 0;
  for (let i = 0; i < RULE_SESSIONS; i += 1) {
    chars = compactTranscript(transcript, computeRuleTags(transcript, undefined), MAX_INPUT_CHARS).length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `rule tags + compacted prompt, ${SESSION_MESSAGES}-message sessions: ${(RULE_SESSIONS / seconds).toFixed(0)} sessions/s (prompt ${chars} chars)`,
  );
}

async function main(): Promise<void> {
  ruleRate();
  const database = await createTestDatabase("bench-tagger");
  const redis = createTestRedis("bench-tagger");
  const fake = await startFakeOpenAi();
  const prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 4 });
  const connection = createRedisConnection(redis.url, "producer");
  const producer = createQueueProducer({ connection, prefix: redis.prefix });
  try {
    const workspace = await prisma.workspace.create({ data: { slug: "default", name: "Default" } });
    const sessions: string[] = [];
    for (let i = 0; i < LLM_SESSIONS * 2; i += 1) {
      const id = randomUUID();
      sessions.push(id);
      await prisma.conversation.create({
        data: {
          id,
          workspaceId: workspace.id,
          collectorSessionId: id,
          agentType: "claude_code",
          status: "completed",
          messageCount: SESSION_MESSAGES,
        },
      });
      await prisma.message.createMany({
        data: syntheticMessages(SESSION_MESSAGES).map((message) => ({
          workspaceId: workspace.id,
          conversationId: id,
          sequence: message.sequence,
          authorRole: message.role as "human",
          messageType: message.type as "prompt",
          content: `${i} ${message.content}`,
          toolCalls: message.toolCalls.map((call) => ({
            tool_name: call.toolName,
            tool_use_id: call.toolUseId,
            parameters: call.parameters,
            success: call.success,
            result: call.result,
          })) as object[],
          emittedAt: new Date(),
          observedAt: new Date(),
          serverReceivedAt: new Date(),
        })),
      });
    }
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const env = loadTaggerEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      TAGGER_HEALTH_PORT: "0",
      OPENAI_BASE_URL: fake.baseUrl,
      TAGGER_CONCURRENCY: "2",
      LOG_LEVEL: "warn",
    });
    const tagger = await startTagger(env, createLogger({ name: "tagger", level: "warn", destination: sink }));
    const tagAll = async (ids: string[]) => {
      const enqueued = new Map<string, number>();
      const started = performance.now();
      for (const id of ids) {
        enqueued.set(id, performance.now());
        await producer.enqueueTagConversation({
          workspace_id: workspace.id,
          conversation_id: id,
          reason: "manual",
          requested_at: new Date().toISOString(),
        });
      }
      const latencies = new Map<string, number>();
      while (latencies.size < ids.length) {
        const rows = await prisma.conversation.findMany({
          where: { id: { in: ids }, taggedAt: { not: null } },
          select: { id: true, tags: true },
        });
        for (const row of rows) {
          const status = (row.tags as { _meta?: { llm_status?: string } })._meta?.llm_status;
          if (status === "ok" && !latencies.has(row.id))
            latencies.set(row.id, performance.now() - (enqueued.get(row.id) ?? 0));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { seconds: (performance.now() - started) / 1000, latencies: [...latencies.values()] };
    };
    const before = fake.requests.length;
    const first = await tagAll(sessions.slice(0, LLM_SESSIONS));
    const prompts = fake.requests
      .slice(before)
      .map((request) => request.json.messages?.[1]?.content.length ?? 0);
    const runs = await prisma.analysisRun.findMany({ select: { latencyMs: true } });
    console.log(
      `LLM tagging through the tagger (fake server, concurrency 2), ${SESSION_MESSAGES}-message sessions: ` +
        `${(LLM_SESSIONS / first.seconds).toFixed(1)} sessions/s; prompt ${Math.min(...prompts)}-${Math.max(...prompts)} chars ` +
        `(body ≤ ${Math.max(...fake.requests.slice(before).map((r) => r.body.length))} bytes); enqueue→tagged p50 ${percentile(first.latencies, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(first.latencies, 95).toFixed(0)} ms (a backlog of ${LLM_SESSIONS}); LLM call p50 ${percentile(
          runs.map((r) => r.latencyMs ?? 0),
          50,
        )} ms`,
    );

    // The worker's write rate alone, then with the tagger working through a backlog beside it.
    const worker = await startIngestWorkerProcess({ database, redis });
    const writeRate = async (label: string) => {
      const conversationId = randomUUID();
      const sessionId = `bench-${conversationId}`;
      const perBatch = 100;
      const started = performance.now();
      for (let sequence = 1; sequence <= WORKER_EVENTS; sequence += perBatch) {
        const at = new Date().toISOString();
        await producer.enqueueIngestBatch({
          workspace_id: workspace.id,
          collector_id: null,
          source: "collector",
          session_id: sessionId,
          conversation_id: conversationId,
          first_sequence: sequence,
          last_sequence: sequence + perBatch - 1,
          server_received_at: at,
          events: Array.from({ length: perBatch }, (_, index) => ({
            sequence: sequence + index,
            type: "message" as const,
            emitted_at: at,
            observed_at: at,
            data: { author_role: "human" as const, message_type: "prompt" as const, content: text },
          })),
        });
      }
      for (;;) {
        const written = await prisma.message.count({ where: { conversationId } });
        if (written >= WORKER_EVENTS) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const rate = WORKER_EVENTS / ((performance.now() - started) / 1000);
      console.log(`ingest worker ${label}: ${rate.toFixed(0)} events/s`);
      return rate;
    };
    await writeRate("warm-up (not counted)");
    const alone = await writeRate("alone");
    await prisma.tagCache.deleteMany();
    const backlog = tagAll(sessions.slice(LLM_SESSIONS));
    const beside = await writeRate("with the tagger tagging beside it");
    const second = await backlog;
    console.log(
      `tagger meanwhile: ${(LLM_SESSIONS / second.seconds).toFixed(1)} sessions/s; worker rate with the tagger ${((beside / alone) * 100).toFixed(0)}% of alone`,
    );
    await worker.stop();
    await tagger.close();
  } finally {
    await producer.close();
    connection.disconnect();
    await prisma.$disconnect();
    await fake.close();
    await redis.cleanup();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
