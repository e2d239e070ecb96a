// `pnpm demo` at a tiny scale against the real write path (the ingest API and worker as child processes, this file's
// own database and Redis prefix): the sessions arrive with their projects, developers, sub-agents and running
// sessions, and a second run (another collector of the same workspace) is acknowledged as duplicates only.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type PrismaClient } from "@catsyphon/db";
import {
  createTestDatabase,
  createTestRedis,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";
import { demoSessions } from "../demo/corpus";
import { untilStored } from "../demo/demo-stack";
import { loadDemoCorpus, registerDemoCollector } from "../demo/load";
import { testPrisma } from "./support/fixtures";

const CORPUS = { seed: 15, sessions: 8, longSessionRows: 40, runningSessions: 1 };

let database: TestDatabase;
let redis: TestRedis;
let api: IngestApiProcess;
let worker: IngestWorkerProcess;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase("web-demo");
  redis = createTestRedis("web-demo");
  [api, worker] = await Promise.all([
    startIngestApiProcess({ label: "web-demo", database, redis }),
    startIngestWorkerProcess({ database, redis }),
  ]);
  prisma = testPrisma(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await worker?.stop();
  await api?.stop();
  await redis?.cleanup().catch(() => undefined);
  await database?.drop();
});

describe("pnpm demo (smoke, 8 sessions)", () => {
  it("loads the corpus through the collector API, and a re-run only sends duplicates", async () => {
    const first = await loadDemoCorpus(await registerDemoCollector(api.url, api.adminToken), CORPUS);
    expect(first.reran).toBe(false);
    expect(first.sessions).toBe(CORPUS.sessions);
    expect(first.accepted).toBe(first.events);
    await untilStored(prisma, first.lastSequences, 120_000);

    const conversations = await prisma.conversation.findMany({
      select: {
        collectorSessionId: true,
        status: true,
        parentConversationId: true,
        projectId: true,
        developerId: true,
        messageCount: true,
        lastEventSequence: true,
      },
    });
    expect(conversations).toHaveLength(CORPUS.sessions);
    for (const row of conversations) {
      expect(row.lastEventSequence).toBe(first.lastSequences.get(row.collectorSessionId));
      expect(row.messageCount).toBeGreaterThan(0);
    }
    // Session 3 is the sub-agent of session 2; the corpus spans more than one project and developer.
    const plans = demoSessions({ ...CORPUS, anchorMs: first.anchorMs });
    const sub = conversations.find((row) => row.collectorSessionId === plans[3]!.plan.sessionId);
    expect(sub?.parentConversationId).not.toBeNull();
    expect(new Set(conversations.map((row) => row.projectId)).size).toBeGreaterThan(1);
    expect(new Set(conversations.map((row) => row.developerId)).size).toBeGreaterThan(1);
    const running = plans.filter((session) => session.running).map((session) => session.plan.sessionId);
    expect(running).toHaveLength(CORPUS.runningSessions);
    expect(
      conversations.filter((row) => running.includes(row.collectorSessionId)).map((row) => row.status),
    ).toEqual(running.map(() => "active"));
    const kinds = await prisma.message.groupBy({ by: ["messageType"], _count: true });
    expect(kinds.map((kind) => kind.messageType)).toEqual(
      expect.arrayContaining(["prompt", "response", "tool_call", "tool_result"]),
    );

    const again = await loadDemoCorpus(await registerDemoCollector(api.url, api.adminToken), CORPUS);
    expect(again).toMatchObject({ reran: true, anchorMs: first.anchorMs, accepted: 0, events: first.events });
    expect(again.duplicates).toBe(first.events);
    expect(await prisma.conversation.count()).toBe(CORPUS.sessions);
  }, 300_000);
});
