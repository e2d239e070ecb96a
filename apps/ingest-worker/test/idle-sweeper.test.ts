import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Queue } from "bullmq";
import { rollupDifferences } from "@catsyphon/testing";
import { sweepIdleSessions } from "../src/ingest/idle-sweeper";
import { enqueue, eventually, newId, seedEvents, startWorkerHarness, type WorkerHarness } from "./harness";

describe("idle-session sweeper", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-sweeper");
  });
  afterAll(() => h.close());

  it("is scheduled once on the maintenance queue", async () => {
    const maintenance = new Queue("maintenance", {
      connection: { url: h.redis.url },
      prefix: h.redis.prefix,
    });
    const schedulers = await maintenance.getJobSchedulers();
    await maintenance.close();
    expect(schedulers.map((s) => s.key)).toEqual(["idle-session-sweeper"]);
  });

  it("completes sessions silent longer than the idle time with outcome unknown, and leaves recent ones", async () => {
    const idle = newId();
    const recent = newId();
    const events = seedEvents().slice(0, 3); // no session_end
    await enqueue(h, "idle", idle, events);
    await enqueue(h, "recent", recent, events);
    await eventually(
      async () => (await h.prisma.conversation.count({ where: { id: { in: [idle, recent] } } })) === 2,
    );
    await h.prisma.conversation.update({
      where: { id: idle },
      data: { lastActivityAt: new Date(Date.now() - 3 * 3600_000) },
    });
    await h.prisma.conversation.update({ where: { id: recent }, data: { lastActivityAt: new Date() } });

    const swept = await sweepIdleSessions(h.prisma, 30);
    expect(swept.map((s) => s.id)).toContain(idle);
    expect(swept.map((s) => s.id)).not.toContain(recent);
    const closed = await h.prisma.conversation.findUniqueOrThrow({ where: { id: idle } });
    expect(closed).toMatchObject({ status: "completed", outcome: "unknown", success: null });
    expect(closed.endTime).toEqual(closed.lastActivityAt);
    expect((await h.prisma.conversation.findUniqueOrThrow({ where: { id: recent } })).status).toBe("active");
    expect(await sweepIdleSessions(h.prisma, 30)).toEqual([]);
    // Nothing the sweeper changes is counted: every aggregate still equals the rows (decisions 0033, 0053).
    expect(await rollupDifferences(h.database.url, h.workspaceId)).toEqual({ missing: [], extra: [] });

    // A later event reopens it.
    await enqueue(h, "idle", idle, seedEvents().slice(3, 4));
    await eventually(() => h.prisma.conversation.findFirst({ where: { id: idle, status: "active" } }));
    expect(await rollupDifferences(h.database.url, h.workspaceId)).toEqual({ missing: [], extra: [] });
  });
});
