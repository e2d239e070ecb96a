// Invariant 2 of DESIGN §4: a worker killed with SIGKILL in the middle of batches loses nothing and doubles
// nothing; its transactions roll back and BullMQ hands the stalled jobs to the next worker.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import { enqueue, eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

const SESSIONS = 12;
const BATCHES_PER_SESSION = 10;
const EVENTS_PER_BATCH = 40;

function prompt(sequence: number): ProtocolEventInput {
  const at = new Date(Date.UTC(2026, 0, 1, 8, 0, 0, sequence)).toISOString();
  return {
    sequence,
    type: "message",
    emitted_at: at,
    observed_at: at,
    data: {
      author_role: sequence % 2 ? "human" : "assistant",
      message_type: sequence % 2 ? "prompt" : "response",
      content: `message ${sequence} `.repeat(20),
      ...(sequence % 2
        ? {}
        : { model: "claude-sonnet-4-5", token_usage: { input_tokens: 3, output_tokens: 2 } }),
    },
  };
}

describe("a worker killed mid-batch", () => {
  let h: WorkerHarness;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    h = await startWorkerHarness("worker-crash", { inProcessWorker: false });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await h.close();
  });

  function startWorkerProcess(): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/main.ts")], {
      cwd: path.join(__dirname, ".."),
      env: {
        ...process.env,
        DATABASE_URL: h.database.url,
        REDIS_URL: h.redis.url,
        REDIS_KEY_PREFIX: h.redis.prefix,
        WORKER_CONCURRENCY: "4",
        WORKER_HEALTH_PORT: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "ignore"],
    });
    children.push(child);
    return child;
  }

  it("loses nothing and doubles nothing", async () => {
    const conversations = Array.from({ length: SESSIONS }, () => newId());
    const total = BATCHES_PER_SESSION * EVENTS_PER_BATCH;
    for (let b = 0; b < BATCHES_PER_SESSION; b += 1) {
      await Promise.all(
        conversations.map((id, s) =>
          enqueue(
            h,
            `crash-${s}`,
            id,
            Array.from({ length: EVENTS_PER_BATCH }, (_, i) => prompt(b * EVENTS_PER_BATCH + i + 1)),
          ),
        ),
      );
    }

    const first = startWorkerProcess();
    // Kill it once it is well into the work (some batches written, most not).
    await eventually(
      async () => (await h.prisma.ingestionJob.count({ where: { status: "succeeded" } })) >= 10,
      { timeoutMs: 60_000 },
    );
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const doneAtCrash = await h.prisma.ingestionJob.count({ where: { status: "succeeded" } });
    expect(doneAtCrash).toBeLessThan(SESSIONS * BATCHES_PER_SESSION);

    startWorkerProcess();
    // Stalled jobs return to the queue after BullMQ's stall check (30 s by default).
    await eventually(
      async () =>
        (await h.prisma.ingestionJob.count({ where: { status: "succeeded" } })) ===
        SESSIONS * BATCHES_PER_SESSION,
      { timeoutMs: 110_000 },
    );

    for (const id of conversations) {
      const conversation = await h.prisma.conversation.findUniqueOrThrow({ where: { id } });
      expect(conversation.lastEventSequence).toBe(total);
      expect(conversation.messageCount).toBe(total);
      expect(Number(conversation.outputTokens)).toBe((total / 2) * 2);
      const sequences = await h.prisma.message.findMany({
        where: { conversationId: id },
        select: { sequence: true },
        orderBy: { sequence: "asc" },
      });
      expect(sequences.map((m) => m.sequence)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
  }, 180_000);
});
