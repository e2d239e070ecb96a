// Timestamps written in the protocol's own form are kept as they are instead of going through Date: the parsers
// must give exactly what the Date round trip gave.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";

import { normalizeTimestamp } from "../src/claude-code/limits";
import { isoTimestamp } from "../src/gemini/records";
import { isCanonicalIsoTime } from "../src/timestamps";
import { propertyRuns } from "./support";

/** What the Date round trip says (the parsers' behaviour before the shortcut). */
function roundTrips(value: string): boolean {
  const time = new Date(value).getTime();
  return !Number.isNaN(time) && new Date(value).toISOString() === value;
}

/** normalizeTimestamp as it was: any date of years 0-9999, formatted by Date. */
function dateNormalized(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time) || time < -62167219200000 || time > 253402300799999) return undefined;
  return date.toISOString();
}

/** isoTimestamp as it was. */
function dateIso(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });
/** Strings shaped like `YYYY-MM-DDTHH:mm:ss.sssZ` with any digits: real dates and impossible ones. */
const canonicalShaped = fc
  .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
/** Each field within its usual range, so months get days they do not have (Feb 29 of common years, Apr 31). */
const nearlyValid = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 28, max: 31 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
  });
const realDate = fc
  .date({
    min: new Date("0000-01-01T00:00:00.000Z"),
    max: new Date("9999-12-31T23:59:59.999Z"),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const timestampLike = fc.oneof(
  realDate,
  nearlyValid,
  canonicalShaped,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.000+02:00",
    "2026-01-01 00:00:00.000Z",
    "2024-02-29T12:00:00.000Z",
    "2026-02-29T12:00:00.000Z",
    "2026-04-31T12:00:00.000Z",
    "2026-01-01T24:00:00.000Z",
    "2026-01-01T23:60:00.000Z",
    "2026-01-01T23:59:60.000Z",
    "2026-00-10T00:00:00.000Z",
    "2026-13-10T00:00:00.000Z",
    "2026-01-00T00:00:00.000Z",
    "2026-01-01T00:00:00.000z",
    "+002026-01-01T00:00:00.000Z",
    "",
  ),
);

describe("canonical timestamps", () => {
  it("are exactly the strings that survive the Date round trip", () => {
    fc.assert(
      fc.property(fc.oneof(realDate, nearlyValid, canonicalShaped), (value) => {
        expect(isCanonicalIsoTime(value)).toBe(roundTrips(value));
      }),
      { numRuns: propertyRuns * 100 },
    );
  });

  it("leave what normalizeTimestamp and isoTimestamp give unchanged", () => {
    fc.assert(
      fc.property(fc.array(timestampLike, { maxLength: 8 }), (values) => {
        // In sequence: the check remembers the last canonical values it saw.
        for (const value of values) {
          expect(normalizeTimestamp(value)).toBe(dateNormalized(value));
          expect(isoTimestamp(value)).toBe(dateIso(value));
        }
      }),
      { numRuns: propertyRuns * 20 },
    );
  });
});
