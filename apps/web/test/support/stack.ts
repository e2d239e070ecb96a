// The whole write path and the dashboard on one database and Redis prefix, as real processes: the ingest API and
// the ingest worker (children, as `pnpm start` runs them) and the web app (its production build). For the tests of
// live updates and of the ingestion page, which send sessions through the collector API and read them back.
import {
  createTestDatabase,
  createTestRedis,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startWebProcess,
  type WebProcess,
} from "@catsyphon/testing";
import { type PrismaClient } from "@catsyphon/db";
import { testPrisma } from "./fixtures";

export interface Stack {
  web: WebProcess;
  api: IngestApiProcess;
  worker: IngestWorkerProcess;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export async function startStack(label: string, webEnv: Record<string, string> = {}): Promise<Stack> {
  const database = await createTestDatabase(label);
  const redis = createTestRedis(label);
  const [web, api, worker] = await Promise.all([
    startWebProcess({ label, database, redis, env: { CATSYPHON_KEY_ENV: "test", ...webEnv } }),
    startIngestApiProcess({ label, database, redis }),
    startIngestWorkerProcess({ database, redis }),
  ]);
  const prisma = testPrisma(database.url);
  return {
    web,
    api,
    worker,
    prisma,
    async close() {
      await prisma.$disconnect();
      await Promise.all([web.stop(), api.stop(), worker.stop()]);
      await redis.cleanup().catch(() => undefined);
      await database.drop();
    },
  };
}

export interface CollectorKey {
  id: string;
  api_key: string;
}

const at = (sequence: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, sequence)).toISOString();

/** Events `from..to` of a small session (start, prompts and responses, end at `endAt`). */
export function sessionEvents(
  from: number,
  to: number,
  endAt?: number,
  content = (n: number) => `text ${n}`,
) {
  const events = [];
  for (let sequence = from; sequence <= to; sequence += 1) {
    const base = { sequence, emitted_at: at(sequence), observed_at: at(sequence) };
    if (sequence === 1) {
      events.push({
        ...base,
        type: "session_start",
        data: { agent_type: "claude-code", agent_version: "2.0.0", working_directory: "/home/ada/app" },
      });
    } else if (sequence === endAt) {
      events.push({ ...base, type: "session_end", data: { outcome: "success" } });
    } else {
      events.push({
        ...base,
        type: "message",
        data:
          sequence % 2 === 0
            ? { author_role: "human", message_type: "prompt", content: content(sequence) }
            : {
                author_role: "assistant",
                message_type: "response",
                content: content(sequence),
                model: "claude-sonnet-4-5",
                token_usage: { input_tokens: 10, output_tokens: 5 },
              },
      });
    }
  }
  return events;
}

/** One batch through the collector API, as a collector sends it. */
export async function sendBatch(
  api: IngestApiProcess,
  collector: CollectorKey,
  sessionId: string,
  events: unknown[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}/collectors/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${collector.api_key}`,
      "x-collector-id": collector.id,
    },
    body: JSON.stringify({ session_id: sessionId, events }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
