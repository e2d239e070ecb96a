// HTTP in, rows out: the real ingest API (child process) and the real worker (this process) on one database and
// one Redis prefix. Checks the seed's semantic-parity table.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials, type ProtocolEventInput } from "@catsyphon/protocol";
import { startIngestApiProcess, type IngestApiProcess } from "@catsyphon/testing";
import { eventually, seedEvents, startWorkerHarness, type WorkerHarness } from "./harness";

describe("end to end: collector -> ingest-api -> Redis -> worker -> Postgres", () => {
  let h: WorkerHarness;
  let api: IngestApiProcess;
  let collector: CollectorCredentials;

  beforeAll(async () => {
    h = await startWorkerHarness("worker-e2e");
    api = await startIngestApiProcess({ label: "worker-e2e", database: h.database, redis: h.redis });
    const res = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "watcher", collector_version: "1.0.0", hostname: "alice-mbp" }),
    });
    collector = (await res.json()) as CollectorCredentials;
  });
  afterAll(async () => {
    await api.stop();
    await h.close();
  });

  const send = async (sessionId: string, events: ProtocolEventInput[]) => {
    const res = await fetch(`${api.url}/collectors/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
        "content-type": "application/json",
      },
      body: JSON.stringify({ session_id: sessionId, events }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { conversation_id: string };
  };

  it("stores what the seed session says, in the places the dashboard reads it from", async () => {
    const events = seedEvents({
      start: { slug: "fix-readme", summaries: [{ summary: "Reading the README" }], git_branch: "main" },
    });
    const end = events.at(-1) as { data: Record<string, unknown> };
    end.data = { ...end.data, plans: [{ content: "1. Read README\n2. Fix typo" }] };
    const sentAt = Date.now();
    const { conversation_id: parentId } = await send("e2e-parent", events);
    const child = seedEvents({
      start: { parent_session_id: "e2e-parent", working_directory: undefined },
    }).slice(0, 3);
    const { conversation_id: childId } = await send("e2e-child", child);

    const parent = await eventually(() =>
      h.prisma.conversation.findFirst({
        where: { id: parentId, status: "completed" },
        include: {
          project: true,
          developer: true,
          collector: true,
          messages: { orderBy: { sequence: "asc" } },
        },
      }),
    );
    expect(parent.project?.name).toBe("catsyphon");
    expect(parent.developer?.username).toBe("alice");
    expect(parent.collector?.hostname).toBe("alice-mbp");
    expect(parent.extraData).toMatchObject({
      slug: "fix-readme",
      summaries: [{ summary: "Reading the README" }],
      plans: [{ content: "1. Read README\n2. Fix typo" }],
      working_directory: "/home/alice/projects/catsyphon",
      git_branch: "main",
    });
    const call = parent.messages.find((m) => m.messageType === "tool_call");
    expect(call?.toolCalls).toEqual([
      expect.objectContaining({
        tool_name: "Read",
        tool_use_id: "toolu_01Read",
        success: true,
        result: expect.anything(),
      }),
    ]);
    const response = parent.messages.find((m) => m.messageType === "response");
    expect(response?.extraData).toMatchObject({
      model: "claude-sonnet-4-5-20250929",
      token_usage: {
        input_tokens: 1200,
        output_tokens: 85,
        cache_read_tokens: 14000,
        cache_creation_tokens: 900,
      },
    });
    for (const message of parent.messages) {
      // Source time and collector time come from the events; the server's receipt time from the API.
      expect(message.serverReceivedAt.getTime()).toBeGreaterThanOrEqual(sentAt - 1000);
      expect(message.emittedAt.getTime()).toBeLessThan(sentAt);
      expect(message.observedAt.getTime()).toBeGreaterThanOrEqual(message.emittedAt.getTime());
    }
    const files = await h.prisma.fileTouched.findMany({ where: { conversationId: parentId } });
    expect(files.map((f) => f.changeType)).toEqual(["read", "read"]);

    const linked = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id: childId, parentConversationId: parentId } }),
    );
    expect(linked).toMatchObject({
      conversationType: "agent",
      parentSessionId: "e2e-parent",
      projectId: parent.projectId,
    });

    const jobs = await h.prisma.ingestionJob.findMany({ where: { conversationId: parentId } });
    expect(jobs).toEqual([
      expect.objectContaining({
        status: "succeeded",
        source: "watcher",
        collectorId: collector.collector_id,
      }),
    ]);
  });
});
