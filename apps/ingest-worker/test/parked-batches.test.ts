// Issue 11, "Done when": a batch that can never be written as it is (here a constraint the database enforces,
// standing for a value no release can store yet) is parked with its reason while the later batches of its
// conversation land; it is counted in ingestion_jobs and /metrics, listed by `failed list`, and re-driven by
// `failed retry` once the cause is fixed.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import { ingestBatchJobId } from "@catsyphon/queue";
import { Client } from "pg";
import { enqueue, eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

const run = promisify(execFile);
const WORKER_DIR = path.join(__dirname, "..");

const at = (sequence: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, sequence)).toISOString();
const prompt = (sequence: number, content = `prompt ${sequence}`): ProtocolEventInput => ({
  sequence,
  type: "message",
  emitted_at: at(sequence),
  observed_at: at(sequence),
  data: { author_role: "human", message_type: "prompt", content },
});

describe("a parked batch and `failed list|retry`", () => {
  let h: WorkerHarness;
  let db: Client;

  beforeAll(async () => {
    h = await startWorkerHarness("worker-parked");
    db = new Client({ connectionString: h.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await h.close();
  });

  /** The real command, as `pnpm --filter @catsyphon/ingest-worker failed ...` runs it. */
  const failed = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ["--import", "tsx", "src/cli/failed.ts", ...args],
        {
          cwd: WORKER_DIR,
          env: {
            ...process.env,
            DATABASE_URL: h.database.url,
            REDIS_URL: h.redis.url,
            REDIS_KEY_PREFIX: h.redis.prefix,
          },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`${h.worker.healthUrl}/metrics`)).text();
    const match = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const sequences = async (id: string) =>
    (
      await h.prisma.message.findMany({
        where: { conversationId: id },
        select: { sequence: true },
        orderBy: { sequence: "asc" },
      })
    ).map((m) => m.sequence);

  it("parks only the bad batch, lists it with its reason, and applies it after the fix", async () => {
    await db.query(`ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (content NOT LIKE '%POISON%')`);
    const id = newId();
    await enqueue(h, "parked", id, [prompt(1), prompt(2)]);
    await enqueue(h, "parked", id, [prompt(3, "POISON")]);
    await enqueue(h, "parked", id, [prompt(4), prompt(5)]);
    await enqueue(h, "parked", id, [prompt(6)]);
    const parkedId = ingestBatchJobId({ conversation_id: id, first_sequence: 3, last_sequence: 3 });

    const parked = await eventually(() =>
      h.prisma.ingestionJob.findFirst({ where: { queueJobId: parkedId, status: "failed" } }),
    );
    expect(parked.error).toMatch(/no_poison/);
    expect(parked.error).toMatch(/SQLSTATE 23514/);
    // The later batches of the same conversation landed meanwhile.
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 6 } }));
    expect(await sequences(id)).toEqual([1, 2, 4, 5, 6]);
    expect(await metric("catsyphon_worker_batches_parked_total")).toBe(1);
    expect(await metric("catsyphon_worker_parked_jobs")).toBe(1);

    const listed = await failed("list", "--json");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: parkedId,
        name: "ingest-batch",
        session_id: "parked",
        conversation_id: id,
        sequences: "3-3",
        reason: expect.stringMatching(/no_poison/),
      }),
    ]);
    const human = await failed("list");
    expect(human.stdout).toContain(parkedId);
    expect(human.stdout).toContain("no_poison");

    // The fix (a migration, a release); then the batch is re-driven and lands where it belongs.
    await db.query(`ALTER TABLE messages DROP CONSTRAINT no_poison`);
    const retried = await failed("retry", parkedId);
    expect(retried).toMatchObject({ code: 0 });
    expect(retried.stdout).toContain(parkedId);
    await eventually(async () => (await sequences(id)).length === 6);
    expect(await sequences(id)).toEqual([1, 2, 3, 4, 5, 6]);
    const conversation = await h.prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(conversation.messageCount).toBe(6);
    await eventually(() =>
      h.prisma.ingestionJob.findFirst({ where: { queueJobId: parkedId, status: "succeeded" } }),
    );
    expect(await metric("catsyphon_worker_parked_jobs")).toBe(0);
    expect((await failed("list")).stdout).toContain("No parked jobs.");
  });

  it("retries every parked job with --all, and refuses what is not parked", async () => {
    // NOT VALID: the first test's POISON row stays; only new rows are checked.
    await db.query(
      `ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (content NOT LIKE '%POISON%') NOT VALID`,
    );
    const ids = [newId(), newId()];
    await Promise.all(ids.map((id, i) => enqueue(h, `parked-all-${i}`, id, [prompt(1, "POISON")])));
    await eventually(async () => (await h.prisma.ingestionJob.count({ where: { status: "failed" } })) === 2);
    await db.query(`ALTER TABLE messages DROP CONSTRAINT no_poison`);

    expect(await failed("retry", "--all")).toMatchObject({ code: 0 });
    await eventually(
      async () => (await h.prisma.message.count({ where: { conversationId: { in: ids } } })) === 2,
    );
    expect(await h.prisma.ingestionJob.count({ where: { status: "failed" } })).toBe(0);

    const notParked = await failed(
      "retry",
      ingestBatchJobId({ conversation_id: ids[0] ?? "", first_sequence: 1, last_sequence: 1 }),
    );
    expect(notParked.code).toBe(1);
    expect(notParked.stderr).toMatch(/is not parked \(it is completed\)/);
    expect((await failed("retry", "no-such-job")).stderr).toMatch(/no job no-such-job/);
    expect((await failed("retry")).code).toBe(2);
    expect((await failed("retry", "x", "--all")).code).toBe(2);
    expect((await failed("bogus")).code).toBe(2);
    expect((await failed("list", "--limit", "0")).code).toBe(2);
  });
});
