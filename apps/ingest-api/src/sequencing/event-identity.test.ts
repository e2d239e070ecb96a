import { describe, expect, it } from "@jest/globals";

import { canonicalEncoding, eventIdentities } from "./event-identity";

const event = (data: unknown, extra: Record<string, unknown> = {}) => ({
  type: "message",
  emitted_at: "2026-01-01T00:00:00.000Z",
  data,
  ...extra,
});
const hex = (events: Parameters<typeof eventIdentities>[0]) => eventIdentities(events).toString("hex");

describe("event identity", () => {
  it("is 16 bytes per event, independent of key order and of observed_at", () => {
    const a = hex([event({ b: 1, a: { y: [1, "x"], x: null } }, { observed_at: "2026-01-01T00:00:01Z" })]);
    const b = hex([event({ a: { x: null, y: [1, "x"] }, b: 1 }, { observed_at: "2030-01-01T00:00:00Z" })]);
    expect(a).toHaveLength(32);
    expect(a).toBe(b);
  });

  it("differs when type, emitted_at or any value differs", () => {
    const base = hex([event({ content: "hi" })]);
    expect(hex([{ ...event({ content: "hi" }), type: "thinking" }])).not.toBe(base);
    expect(hex([{ ...event({ content: "hi" }), emitted_at: "2026-01-01T00:00:00.001Z" }])).not.toBe(base);
    expect(hex([event({ content: "hi!" })])).not.toBe(base);
  });

  it("encodes values unambiguously", () => {
    expect(canonicalEncoding("1")).not.toBe(canonicalEncoding(1));
    expect(canonicalEncoding(["ab", "c"])).not.toBe(canonicalEncoding(["a", "bc"]));
    expect(canonicalEncoding({ a: "b:c" })).not.toBe(canonicalEncoding({ "a:b": "c" }));
    expect(canonicalEncoding([null])).not.toBe(canonicalEncoding([]));
    expect(canonicalEncoding({ a: undefined, b: true })).toBe(canonicalEncoding({ b: true }));
  });

  it("takes a client's 32-hex-digit hash as the identity itself, and digests any other as given", () => {
    const given = "0123456789abcdef0123456789ABCDEF";
    expect(hex([event({ content: "x" }, { event_hash: given })])).toBe(given.toLowerCase());
    const short = hex([event({ content: "x" }, { event_hash: "abc" })]);
    expect(short).toBe(hex([event({ content: "other" }, { event_hash: "abc" })]));
    expect(short).not.toBe(hex([event({ content: "x" }, { event_hash: "abd" })]));
    expect(hex([event({ content: "x" }, { event_hash: null })])).toBe(hex([event({ content: "x" })]));
  });
});
