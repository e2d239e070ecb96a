import { describe, expect, it } from "@jest/globals";
import { ConversationWriteQueue } from "./conversation-write-queue";

interface Item {
  conversation: string;
  events: number;
  fail?: boolean;
}

/** A queue whose writes finish when the test says so, recording what each write held. */
function harness(writers: number, maxEventsPerWrite = 1_000) {
  const writes: Item[][] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let mostRunning = 0;
  const queue = new ConversationWriteQueue<Item>({
    writers,
    maxEventsPerWrite,
    conversationOf: (item) => item.conversation,
    eventsOf: (item) => item.events,
    write: (items) => {
      writes.push(items);
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      return new Promise((resolve) => {
        finishers.push(() => {
          running -= 1;
          resolve(
            items.map((item) =>
              item.fail
                ? { status: "rejected", reason: new Error(`failed ${item.events}`) }
                : { status: "fulfilled", value: item.events },
            ),
          );
        });
      });
    },
  });
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, writes, finishNext, mostRunning: () => mostRunning };
}

describe("ConversationWriteQueue", () => {
  it("writes the batches that waited for a conversation together, in one write", async () => {
    const { queue, writes, finishNext } = harness(1);
    const first = queue.submit({ conversation: "a", events: 1 });
    const later = [2, 3, 4].map((events) => queue.submit({ conversation: "a", events }));
    expect(writes).toEqual([[{ conversation: "a", events: 1 }]]);
    await finishNext();
    await expect(first).resolves.toBe(1);
    expect(writes[1]?.map((item) => item.events)).toEqual([2, 3, 4]);
    await finishNext();
    await expect(Promise.all(later)).resolves.toEqual([2, 3, 4]);
    expect(queue.size).toBe(0);
  });

  it("never writes one conversation twice at once, and runs at most `writers` writes", async () => {
    const { queue, writes, finishNext, mostRunning } = harness(2);
    const all = ["a", "a", "b", "c", "a", "b"].map((conversation, events) =>
      queue.submit({ conversation, events }),
    );
    expect(writes.map((w) => w.map((item) => item.conversation))).toEqual([["a"], ["b"]]);
    while (writes.flat().length < 6) await finishNext();
    for (let i = 0; i < 3; i += 1) await finishNext();
    await Promise.all(all);
    expect(mostRunning()).toBe(2);
    // c waited its turn behind a and b; a's and b's later batches were then written together.
    expect(writes.map((w) => w.map((item) => `${item.conversation}${item.events}`))).toEqual([
      ["a0"],
      ["b2"],
      ["c3"],
      ["a1", "a4"],
      ["b5"],
    ]);
  });

  it("bounds the events of one write, but writes a batch larger than the bound alone", async () => {
    const { queue, writes, finishNext } = harness(1, 10);
    const all = [1, 4, 5, 30, 2, 3].map((events) => queue.submit({ conversation: "a", events }));
    while (writes.flat().length < 6) await finishNext();
    await finishNext();
    await Promise.all(all);
    expect(writes.map((w) => w.map((item) => item.events))).toEqual([[1], [4, 5], [30], [2, 3]]);
  });

  it("fails only the items the write failed", async () => {
    const { queue, finishNext } = harness(1);
    const blocker = queue.submit({ conversation: "a", events: 0 });
    const good = queue.submit({ conversation: "a", events: 1 });
    const bad = queue.submit({ conversation: "a", events: 2, fail: true }).catch((error: unknown) => error);
    await finishNext();
    await finishNext();
    await expect(blocker).resolves.toBe(0);
    await expect(good).resolves.toBe(1);
    expect(await bad).toEqual(new Error("failed 2"));
  });
});
