import { describe, expect, it } from "@jest/globals";

import { decideSequencing } from "./sequencing";

describe("decideSequencing", () => {
  it("accepts a first batch that starts at 1", () => {
    expect(decideSequencing(0, [1, 2, 3])).toEqual({
      kind: "accept",
      accepted: 3,
      duplicates: 0,
      lastSequence: 3,
    });
  });

  it("drops duplicates and accepts the rest", () => {
    expect(decideSequencing(5, [4, 5, 6, 7])).toEqual({
      kind: "accept",
      accepted: 2,
      duplicates: 2,
      lastSequence: 7,
    });
  });

  it("accepts a batch of duplicates only, changing nothing", () => {
    expect(decideSequencing(5, [1, 2])).toEqual({
      kind: "accept",
      accepted: 0,
      duplicates: 2,
      lastSequence: 5,
    });
  });

  it("reports a gap before the batch", () => {
    expect(decideSequencing(5, [7, 8])).toEqual({
      kind: "gap",
      expectedSequence: 6,
      lastSequence: 5,
      missingSequence: 6,
    });
  });

  it("reports a hole inside the batch and accepts nothing", () => {
    expect(decideSequencing(5, [5, 6, 8])).toEqual({
      kind: "gap",
      expectedSequence: 6,
      lastSequence: 5,
      missingSequence: 7,
    });
  });
});
