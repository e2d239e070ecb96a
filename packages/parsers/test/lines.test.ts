// readJsonLines decodes a chunk piece by piece and hands each record over as it is parsed: it must read exactly
// the lines, records, warnings and counts of decoding the whole chunk at once and splitting it.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";

import { emptyStats } from "../src/checkpoint";
import { readJsonLines } from "../src/lines";
import { propertyRuns } from "./support";

/** The reading of a chunk decoded whole: what the parsers did before. */
function readWhole(bytes: Uint8Array) {
  const end = bytes.lastIndexOf(0x0a) + 1;
  const records: Array<[number, unknown]> = [];
  const malformed: number[] = [];
  const lines = new TextDecoder().decode(bytes.subarray(0, end)).split("\n").slice(0, -1);
  lines.forEach((text, index) => {
    const raw = text.trim();
    if (raw === "") return;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === "object" && value !== null && !Array.isArray(value))
        records.push([index + 1, value]);
      else malformed.push(index + 1);
    } catch {
      malformed.push(index + 1);
    }
  });
  return { end, count: lines.length, records, malformed };
}

const encoder = new TextEncoder();
/** A line: a JSON object (sometimes long, with multi-byte text), or something that is not one. */
const line = fc.oneof(
  fc.record({ text: fc.string({ unit: "grapheme", maxLength: 50 }) }).map((value) => JSON.stringify(value)),
  fc
    .tuple(fc.string({ unit: "grapheme-composite", maxLength: 3 }), fc.integer({ min: 1, max: 9000 }))
    .map(([text, times]) => JSON.stringify({ long: text.repeat(times) })),
  fc.constantFrom("", "   ", "\r", "\uFEFF{}", '{"a":1}\r', "[1]", "42", "{not json", "\uFEFF", " {} "),
);
/** Bytes that are not valid UTF-8 (a cut multi-byte character, a stray continuation byte). */
const invalidBytes = fc.constantFrom([0xe2, 0x82], [0x98], [0xf0, 0x9f], [0xc3]);

describe("readJsonLines", () => {
  it("reads what decoding the whole chunk reads", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.option(invalidBytes, { freq: 8 })), { maxLength: 40 }),
        fc.boolean(),
        (lines, cutLast) => {
          const parts = lines.map(([text, invalid]) => [...encoder.encode(text), ...(invalid ?? []), 0x0a]);
          let bytes = Uint8Array.from(parts.flat());
          // A half-written last line is left for later.
          if (cutLast && bytes.length > 3) bytes = bytes.subarray(0, bytes.length - 3);
          const expected = readWhole(bytes);
          const stats = emptyStats();
          const records: Array<[number, unknown]> = [];
          const read = readJsonLines(bytes, 0, stats, (at, value) => records.push([at, value]));
          expect(read.consumedBytes).toBe(expected.end);
          expect(read.consumedLines).toBe(expected.count);
          expect(stats.lines).toBe(expected.count);
          expect(records).toEqual(expected.records);
          expect(read.warnings.map((warning) => warning.line)).toEqual(expected.malformed);
          expect(stats.malformedLines).toBe(expected.malformed.length);
        },
      ),
      { numRuns: propertyRuns * 4 },
    );
  });
});
