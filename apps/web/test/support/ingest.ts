// The real write path for the web's read tests: the ingest API and the ingest worker as child processes on the web
// process's database and Redis prefix, and collectors registered with a workspace's admin API token, so what the
// read API answers is what the worker really stored.
import { createWorkspaceApiToken } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { type CollectorCredentials, type ProtocolEventInput } from "@catsyphon/protocol";
import {
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  type WebProcess,
} from "@catsyphon/testing";

export interface Collector {
  /** Sends one batch (202 expected) and answers the session's conversation id. */
  send(sessionId: string, events: ProtocolEventInput[]): Promise<string>;
}

export interface IngestStack {
  collectorFor(workspaceId: string): Promise<Collector>;
  /** Waits until the worker has stored the conversation up to its last sequence. */
  stored(conversationId: string, lastSequence: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startIngestStack(web: WebProcess, prisma: PrismaClient): Promise<IngestStack> {
  let api: IngestApiProcess | undefined;
  let worker: IngestWorkerProcess | undefined;
  try {
    api = await startIngestApiProcess({ label: "web-ingest", database: web.database, redis: web.redis });
    worker = await startIngestWorkerProcess({ database: web.database, redis: web.redis });
  } catch (error) {
    await worker?.stop();
    await api?.stop();
    throw error;
  }
  const apiUrl = api.url;

  async function post(path: string, headers: Record<string, string>, body: unknown) {
    const response = await fetch(`${apiUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 201 && response.status !== 202) {
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    }
    return answer;
  }

  return {
    async collectorFor(workspaceId) {
      const { token } = await createWorkspaceApiToken(prisma, {
        workspaceId,
        name: "ingest-admin",
        scopes: ["admin"],
        expiresAt: null,
      });
      const collector = (await post(
        "/collectors",
        { authorization: `Bearer ${token}` },
        { collector_type: "sdk", collector_version: "1.0.0", hostname: "test-host" },
      )) as unknown as CollectorCredentials;
      const headers = {
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
      };
      return {
        async send(sessionId, events) {
          const answer = await post("/collectors/events", headers, { session_id: sessionId, events });
          return String(answer.conversation_id);
        },
      };
    },
    async stored(conversationId, lastSequence) {
      await eventually(
        () =>
          prisma.conversation.findFirst({
            where: { id: conversationId, lastEventSequence: { gte: lastSequence } },
            select: { id: true },
          }),
        { timeoutMs: 60_000 },
      );
    },
    async stop() {
      await worker?.stop();
      await api?.stop();
    },
  };
}

/** Events with sequence numbers from `first` and emitted times a second apart from `start`. */
export function sequenced(
  events: { type: ProtocolEventInput["type"]; data: Record<string, unknown> }[],
  options: { first?: number; start?: Date } = {},
): ProtocolEventInput[] {
  const first = options.first ?? 1;
  const start = (options.start ?? new Date("2026-11-20T10:00:00Z")).getTime();
  return events.map((event, index) => {
    const at = new Date(start + (first + index) * 1000).toISOString();
    return {
      sequence: first + index,
      type: event.type,
      emitted_at: at,
      observed_at: at,
      data: event.data,
    } as ProtocolEventInput;
  });
}
