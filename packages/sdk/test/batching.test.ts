import { describe, expect, it } from "@jest/globals";

import {
  batchEnvelope,
  eventByteLength,
  eventJson,
  planBatch,
  serializeEventBody,
  utf8ByteLength,
} from "../src/batching";

describe("event serialization", () => {
  it("puts the sequence first and knows the exact UTF-8 size", () => {
    const body = serializeEventBody({
      type: "message",
      emitted_at: "2025-06-01T09:00:00.000Z",
      observed_at: "2025-06-01T09:00:00.000Z",
      data: { author_role: "human", message_type: "prompt", content: "héllo — 日本 🐈" },
    });
    for (const sequence of [1, 42, 123_456_789]) {
      const json = eventJson(sequence, body);
      expect(JSON.parse(json)).toMatchObject({
        sequence,
        type: "message",
        data: { content: "héllo — 日本 🐈" },
      });
      expect(Object.keys(JSON.parse(json) as object)[0]).toBe("sequence");
      expect(eventByteLength(sequence, body)).toBe(utf8ByteLength(json));
    }
  });

  it("sizes the batch envelope", () => {
    const envelope = batchEnvelope("sessión-1");
    const text = `${envelope.prefix}${envelope.suffix}`;
    expect(JSON.parse(text)).toEqual({ session_id: "sessión-1", events: [] });
    expect(envelope.bytes).toBe(utf8ByteLength(text));
  });
});

describe("planBatch", () => {
  const sizes = (values: number[]) => (index: number) => values[index] ?? 0;

  it("stops at maxEvents", () => {
    expect(planBatch(1200, () => 10, 30, { maxEvents: 500, maxBytes: 1_000_000 })).toBe(500);
    expect(planBatch(200, () => 10, 30, { maxEvents: 500, maxBytes: 1_000_000 })).toBe(200);
  });

  it("stops before the body would exceed maxBytes, counting the commas", () => {
    // envelope 30 + 10 + (1 + 10) + (1 + 10) = 62
    expect(planBatch(5, () => 10, 30, { maxEvents: 500, maxBytes: 62 })).toBe(3);
    expect(planBatch(5, () => 10, 30, { maxEvents: 500, maxBytes: 61 })).toBe(2);
  });

  it("always takes at least one event", () => {
    expect(planBatch(3, sizes([500, 1, 1]), 30, { maxEvents: 500, maxBytes: 100 })).toBe(1);
    expect(planBatch(0, () => 1, 30, { maxEvents: 500, maxBytes: 100 })).toBe(0);
  });

  it("builds bodies whose real size matches the plan", () => {
    const envelope = batchEnvelope("s");
    const bodies = Array.from({ length: 50 }, (_, i) =>
      serializeEventBody({ type: "thinking", data: { content: "ü".repeat(i * 7) } }),
    );
    const limits = { maxEvents: 1000, maxBytes: 2000 };
    let start = 0;
    while (start < bodies.length) {
      const rest = bodies.slice(start);
      const count = planBatch(
        rest.length,
        (i) => eventByteLength(start + i + 1, rest[i] ?? bodies[0]!),
        envelope.bytes,
        limits,
      );
      const json =
        envelope.prefix +
        rest
          .slice(0, count)
          .map((body, i) => eventJson(start + i + 1, body))
          .join(",") +
        envelope.suffix;
      expect(utf8ByteLength(json)).toBeLessThanOrEqual(limits.maxBytes);
      expect(count).toBeGreaterThan(0);
      start += count;
    }
  });
});
