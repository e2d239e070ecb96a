// The real worker (in this process) on this test file's own database and Redis prefix; batches are enqueued with
// the real producer, exactly as the ingest API enqueues them.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { loadIngestWorkerEnv } from "@catsyphon/config";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { createLogger } from "@catsyphon/logger";
import { protocolEventSchema, seedBatchExample, type ProtocolEventInput } from "@catsyphon/protocol";
import { createQueueProducer, createRedisConnection, type QueueProducer } from "@catsyphon/queue";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@catsyphon/testing";
import { type Redis } from "ioredis";
import { Client } from "pg";
import { startIngestWorker, type RunningIngestWorker } from "../src/worker";

export interface WorkerHarness {
  database: TestDatabase;
  redis: TestRedis;
  prisma: PrismaClient;
  producer: QueueProducer;
  worker: RunningIngestWorker;
  workspaceId: string;
  close(): Promise<void>;
}

/** `inProcessWorker: false` leaves the queue to workers the test starts itself (e.g. child processes). */
export async function startWorkerHarness(
  label: string,
  options: { inProcessWorker?: boolean } = {},
): Promise<WorkerHarness> {
  const database = await createTestDatabase(label);
  const redis = createTestRedis(label);
  const env = loadIngestWorkerEnv({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    WORKER_CONCURRENCY: "4",
    WORKER_HEALTH_PORT: "0",
    LOG_LEVEL: "warn",
  });
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const worker: RunningIngestWorker =
    options.inProcessWorker === false
      ? { healthUrl: "", close: async () => undefined }
      : await startIngestWorker(
          env,
          createLogger({ name: "ingest-worker", level: "warn", destination: sink }),
        );
  const prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 2 });
  const connection: Redis = createRedisConnection(redis.url, "producer");
  const producer = createQueueProducer({ connection, prefix: redis.prefix });
  const workspace = await prisma.workspace.create({ data: { slug: "default", name: "Default" } });
  return {
    database,
    redis,
    prisma,
    producer,
    worker,
    workspaceId: workspace.id,
    close: async () => {
      await worker.close();
      await producer.close();
      connection.disconnect();
      await prisma.$disconnect();
      await redis.cleanup();
      await database.drop();
    },
  };
}

/** Events of the seed example (session_start .. session_end), optionally with other data merged in. */
export function seedEvents(overrides: { start?: Record<string, unknown> } = {}): ProtocolEventInput[] {
  return (structuredClone(seedBatchExample.events) as ProtocolEventInput[]).map((event) =>
    event.type === "session_start"
      ? ({ ...event, data: { ...event.data, ...overrides.start } } as ProtocolEventInput)
      : event,
  );
}

export async function enqueue(
  h: WorkerHarness,
  sessionId: string,
  conversationId: string,
  events: ProtocolEventInput[],
): Promise<void> {
  const parsed = events.map((event) => protocolEventSchema.parse(event));
  await h.producer.enqueueIngestBatch({
    workspace_id: h.workspaceId,
    collector_id: null,
    source: "collector",
    session_id: sessionId,
    conversation_id: conversationId,
    first_sequence: parsed[0]?.sequence ?? 1,
    last_sequence: parsed.at(-1)?.sequence ?? 1,
    server_received_at: new Date().toISOString(),
    events: parsed,
  });
}

export { eventually } from "@catsyphon/testing";

export const newId = () => randomUUID();

/** Everything the worker wrote for a conversation, without generated ids, as comparable text. */
export async function rowsDigest(url: string, conversationId: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const messages = await client.query(
      `SELECT sequence, (SELECT epoch_number FROM epochs e WHERE e.id = messages.epoch_id) AS epoch,
              author_role, message_type, content, thinking_content, tool_calls, extra_data,
              emitted_at, observed_at, cost_usd FROM messages WHERE conversation_id = $1 ORDER BY sequence`,
      [conversationId],
    );
    const conversation = await client.query(
      `SELECT agent_type, agent_version, status, outcome, success, last_event_sequence, message_count,
              tool_call_count, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd,
              project_id IS NOT NULL AS has_project, developer_id IS NOT NULL AS has_developer, start_time, end_time
       FROM conversations WHERE id = $1`,
      [conversationId],
    );
    const files = await client.query(
      `SELECT source_sequence, file_path, change_type, lines_added, lines_deleted, message_id IS NOT NULL AS linked
       FROM files_touched WHERE conversation_id = $1 ORDER BY source_sequence, file_path, change_type`,
      [conversationId],
    );
    const epochs = await client.query(
      `SELECT epoch_number, start_sequence, trigger, pre_tokens FROM epochs WHERE conversation_id = $1 ORDER BY 1`,
      [conversationId],
    );
    return JSON.stringify({
      messages: messages.rows,
      conversation: conversation.rows,
      files: files.rows,
      epochs: epochs.rows,
    });
  } finally {
    await client.end();
  }
}
