// The real ingest API (child process) and worker (this process) on one database and Redis prefix, with a collector
// registered as the original's Python SDK registers one: what the client-compatibility tests send through.
import { expect } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import { startIngestApiProcess } from "@catsyphon/testing";
import { eventually, startWorkerHarness, type WorkerHarness } from "./harness";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export type CollectorStack = Awaited<ReturnType<typeof startCollectorStack>>;

export async function startCollectorStack(label: string) {
  const h: WorkerHarness = await startWorkerHarness(label);
  const api = await startIngestApiProcess({ label, database: h.database, redis: h.redis });
  // Filled in once the collector is registered below (the registration itself goes through call()).
  const registered: { collector?: CollectorCredentials } = {};

  /** A request as those clients make it: JSON, the collector's key and id unless other headers are given. */
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {
      authorization: `Bearer ${registered.collector?.api_key ?? ""}`,
      "x-collector-id": registered.collector?.collector_id ?? "",
    },
  ): Promise<Answer> {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The conversation once completed, with what the tests read of it. */
  const completed = (conversationId: string) =>
    eventually(() =>
      h.prisma.conversation.findFirst({
        where: { id: conversationId, status: "completed" },
        include: {
          project: true,
          developer: true,
          messages: { orderBy: { sequence: "asc" } },
          filesTouched: { orderBy: [{ sourceSequence: "asc" }, { filePath: "asc" }] },
        },
      }),
    );

  // What the original's Python SDK sends to register (plus the admin credential this server requires).
  const res = await call(
    "POST",
    "/collectors",
    {
      collector_type: "sdk",
      collector_version: "0.1.0",
      hostname: "dev-laptop",
      workspace_id: h.workspaceId,
    },
    { authorization: `Bearer ${api.adminToken}` },
  );
  expect(res.status).toBe(201);
  expect(res.body).toEqual(
    expect.objectContaining({ collector_id: expect.stringMatching(UUID), created_at: expect.any(String) }),
  );
  registered.collector = res.body as unknown as CollectorCredentials;

  return {
    h,
    call,
    completed,
    async close() {
      await api.stop();
      await h.close();
    },
  };
}
