import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import { enqueue, eventually, newId, seedEvents, startWorkerHarness, type WorkerHarness } from "./harness";

const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const prompt = (sequence: number): ProtocolEventInput => ({
  sequence,
  type: "message",
  emitted_at: at(sequence),
  observed_at: at(sequence),
  data: { author_role: "human", message_type: "prompt", content: `prompt ${sequence}` },
});
const compaction = (sequence: number, pre_tokens: number): ProtocolEventInput => ({
  sequence,
  type: "metadata",
  emitted_at: at(sequence),
  observed_at: at(sequence),
  data: { compaction: { trigger: "auto", pre_tokens } },
});

describe("epochs", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-epochs");
  });
  afterAll(() => h.close());

  async function epochsOf(conversationId: string) {
    const epochs = await h.prisma.epoch.findMany({
      where: { conversationId },
      orderBy: { epochNumber: "asc" },
      include: { messages: { select: { sequence: true }, orderBy: { sequence: "asc" } } },
    });
    return epochs.map((e) => ({
      number: e.epochNumber,
      start: e.startSequence,
      trigger: e.trigger,
      preTokens: e.preTokens,
      messages: e.messages.map((m) => m.sequence),
    }));
  }

  it("starts a new epoch at each compaction, numbered by position even when batches arrive out of order", async () => {
    const id = newId();
    const start = seedEvents()[0] as ProtocolEventInput;
    // Second window's batch (with the second compaction) arrives before the first one's.
    await enqueue(h, "epochs", id, [prompt(6), compaction(7, 150_000), prompt(8)]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 8 } }));
    await enqueue(h, "epochs", id, [start, prompt(2), compaction(3, 120_000), prompt(4), prompt(5)]);
    await eventually(async () => (await h.prisma.epoch.count({ where: { conversationId: id } })) === 3);

    expect(await epochsOf(id)).toEqual([
      { number: 1, start: 1, trigger: null, preTokens: null, messages: [2] },
      { number: 2, start: 3, trigger: "auto", preTokens: 120_000, messages: [4, 5, 6] },
      { number: 3, start: 7, trigger: "auto", preTokens: 150_000, messages: [8] },
    ]);
    const first = await h.prisma.epoch.findFirstOrThrow({ where: { conversationId: id, epochNumber: 1 } });
    expect(first.startedAt?.toISOString()).toBe((start as { emitted_at: string }).emitted_at);
  });

  it("puts a session without compactions in one epoch", async () => {
    const id = newId();
    await enqueue(h, "one-epoch", id, seedEvents());
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, status: "completed" } }));
    expect(await epochsOf(id)).toEqual([
      { number: 1, start: 1, trigger: null, preTokens: null, messages: [2, 3, 4, 5] },
    ]);
  });
});
