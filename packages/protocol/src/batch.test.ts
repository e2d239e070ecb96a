import { describe, expect, it } from "@jest/globals";

import { eventBatchSchema, isSequencedBatch } from "./batch";
import { MAX_EVENTS_PER_BATCH, MAX_ID_LENGTH } from "./limits";

function thinking(sequence: number) {
  return {
    sequence,
    type: "thinking",
    emitted_at: "2025-06-01T09:00:00Z",
    observed_at: "2025-06-01T09:00:01Z",
    data: { content: `step ${sequence}` },
  };
}

function batch(sequences: number[], sessionId = "session-1") {
  return { session_id: sessionId, events: sequences.map(thinking) };
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

describe("eventBatchSchema", () => {
  it(`accepts exactly ${MAX_EVENTS_PER_BATCH} events`, () => {
    expect(eventBatchSchema.safeParse(batch(range(1, MAX_EVENTS_PER_BATCH))).success).toBe(true);
  });

  it(`rejects more than ${MAX_EVENTS_PER_BATCH} events`, () => {
    const result = eventBatchSchema.safeParse(batch(range(1, MAX_EVENTS_PER_BATCH + 1)));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["events"],
        message: `must contain at most ${MAX_EVENTS_PER_BATCH} events`,
      }),
    ]);
  });

  it("rejects an empty batch", () => {
    const result = eventBatchSchema.safeParse(batch([]));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["events"], message: "must contain at least one event" }),
    ]);
  });

  it("rejects a duplicate sequence at the repeated event", () => {
    const result = eventBatchSchema.safeParse(batch([4, 5, 5, 6]));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["events", 2, "sequence"],
        message: "duplicate sequence 5 in the batch",
      }),
    ]);
  });

  it("rejects unsorted sequences", () => {
    const result = eventBatchSchema.safeParse(batch([2, 1, 3]));
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["events", 1, "sequence"]]);
    expect(result.error?.issues[0]?.message).toMatch(/sorted by ascending sequence/);
  });

  it("leaves holes to the server (409 sequence_gap), and accepts a batch that does not start at 1", () => {
    expect(eventBatchSchema.safeParse(batch([1, 2, 5])).success).toBe(true);
    expect(eventBatchSchema.safeParse(batch([41, 42])).success).toBe(true);
  });

  it(`accepts a session_id of ${MAX_ID_LENGTH} characters and rejects ${MAX_ID_LENGTH + 1}`, () => {
    expect(eventBatchSchema.safeParse(batch([1], "s".repeat(MAX_ID_LENGTH))).success).toBe(true);
    const result = eventBatchSchema.safeParse(batch([1], "s".repeat(MAX_ID_LENGTH + 1)));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["session_id"],
        message: `must be at most ${MAX_ID_LENGTH} characters`,
      }),
    ]);
  });

  it.each([
    ["empty", ""],
    ["with a NUL", "a\u0000b"],
    ["with a newline", "a\nb"],
    ["not a string", 42],
  ])("rejects a session_id %s", (_label, sessionId) => {
    const result = eventBatchSchema.safeParse({ session_id: sessionId, events: [thinking(1)] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["session_id"]]);
  });

  it("reports every invalid event, not only the first", () => {
    const events = [
      thinking(1),
      { ...thinking(2), data: { content: 7 } },
      { ...thinking(3), emitted_at: "yesterday" },
    ];
    const result = eventBatchSchema.safeParse({ session_id: "s", events });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ["events", 1, "data", "content"],
      ["events", 2, "emitted_at"],
    ]);
  });
});

describe("eventBatchSchema: sequenced and unsequenced batches", () => {
  const unsequenced = (count: number) =>
    range(1, count).map((n) => {
      const { sequence: _sequence, ...event } = thinking(n);
      return event;
    });

  it("accepts a batch without any sequence (null counts as absent)", () => {
    const events = unsequenced(3);
    const parsed = eventBatchSchema.parse({
      session_id: "s",
      events: [events[0], { ...events[1], sequence: null }, events[2]],
    });
    expect(isSequencedBatch(parsed)).toBe(false);
    expect(isSequencedBatch(eventBatchSchema.parse(batch([1, 2])))).toBe(true);
  });

  it("rejects a batch mixing both at the first event that differs", () => {
    const mixed = { session_id: "s", events: [...batch([1, 2]).events, ...unsequenced(1)] };
    expect(eventBatchSchema.safeParse(mixed).error?.issues).toEqual([
      expect.objectContaining({
        path: ["events", 2, "sequence"],
        message: expect.stringMatching(/^missing/),
      }),
    ]);
    const other = { session_id: "s", events: [...unsequenced(2), thinking(3)] };
    expect(eventBatchSchema.safeParse(other).error?.issues).toEqual([
      expect.objectContaining({
        path: ["events", 2, "sequence"],
        message: expect.stringMatching(/^unexpected/),
      }),
    ]);
  });
});
