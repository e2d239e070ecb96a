// The indexed list of recent ids behaves exactly like the plain bounded list it replaced (includes, push + shift,
// indexOf, splice), also for a list that holds an id twice; once compacted, it holds the same ids.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";

import { RecentList } from "../src/recent-list";
import { propertyRuns } from "./support";

type Operation =
  | { kind: "push"; id: string }
  | { kind: "has"; id: string }
  | { kind: "indexOf"; id: string }
  | { kind: "truncate"; at: number }
  | { kind: "compact" };

const IDS: readonly string[] = ["a", "b", "c", "d", "e", "f"];
const id = fc.constantFrom(...IDS);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  id.map((value) => ({ kind: "push" as const, id: value })),
  id.map((value) => ({ kind: "has" as const, id: value })),
  id.map((value) => ({ kind: "indexOf" as const, id: value })),
  fc.nat({ max: 6 }).map((at) => ({ kind: "truncate" as const, at })),
  fc.constant({ kind: "compact" as const }),
);

describe("RecentList", () => {
  it("answers what a plain array would, and holds the same ids once compacted", () => {
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(operation),
        (initial, max, operations) => {
          const plain: string[] = [...initial];
          const items = [...initial];
          const list = new RecentList(items, max);
          for (const op of operations) {
            if (op.kind === "has") expect(list.has(op.id)).toBe(plain.includes(op.id));
            else if (op.kind === "indexOf") expect(list.indexOf(op.id)).toBe(plain.indexOf(op.id));
            else if (op.kind === "push") {
              list.push(op.id);
              plain.push(op.id);
              while (plain.length > max) plain.shift();
            } else if (op.kind === "truncate") expect(list.truncate(op.at)).toEqual(plain.splice(op.at));
            else {
              list.compact();
              expect(items).toEqual(plain);
            }
          }
          list.compact();
          expect(items).toEqual(plain);
          for (const value of IDS) expect(list.has(value)).toBe(plain.includes(value));
        },
      ),
      { numRuns: propertyRuns * 20 },
    );
  });
});
