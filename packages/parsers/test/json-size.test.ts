// The tool payload cap is checked on an upper bound of the JSON length, serializing only when the bound does not
// settle it: the answer must be the one serializing always gave.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";

import { oversizedJson } from "../src/json-size";
import { propertyRuns } from "./support";

const payload = fc.oneof(
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
  fc.array(fc.jsonValue({ maxDepth: 3 })),
  fc.dictionary(
    fc.string({ unit: "binary" }),
    fc.oneof(fc.string({ unit: "binary" }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  ),
);

describe("oversizedJson", () => {
  it("is the serialization exactly when it is longer than the cap", () => {
    fc.assert(
      fc.property(payload, fc.nat({ max: 2000 }), (value, max) => {
        const serialized = JSON.stringify(value);
        expect(oversizedJson(value, max)).toBe(serialized.length <= max ? null : serialized);
      }),
      { numRuns: propertyRuns * 40 },
    );
  });

  it("bounds the longest numbers and escapes", () => {
    for (const value of [
      Array<number>(10).fill(-0.0000012345678901234567),
      Array<number>(10).fill(-1.2345678901234567e-123),
      ["\u0001".repeat(10), "\u{1F600}".repeat(3)],
      { ["\u0002".repeat(4)]: [] },
    ]) {
      const length = JSON.stringify(value).length;
      expect(oversizedJson(value, length)).toBeNull();
      expect(oversizedJson(value, length - 1)).toBe(JSON.stringify(value));
    }
  });
});
