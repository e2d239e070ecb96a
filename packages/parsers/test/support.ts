// Shared by the parser tests: fixture paths, and the whole-file == appended-pieces property.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect } from "@jest/globals";
import fc from "fast-check";

import { parseInPieces, parseWholeFile } from "../src/run";
import { toProtocolEvent } from "../src/protocol-events";
import { type AgentLogParser, type Json, type SourceFile } from "../src/types";

/** Absolute path of a file under test/fixtures (a copy of shared/fixtures; see its README for sources). */
export function fixturePath(relative: string): string {
  return resolve(__dirname, "fixtures", relative);
}

export function readFixture(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}

/** Number of runs of the whole-vs-pieces property per file (PROPERTY_RUNS overrides). */
export const propertyRuns = Number(process.env.PROPERTY_RUNS ?? 50);

/**
 * Asserts that parsing `bytes` in random appended pieces gives exactly the events (and sequence numbers) of
 * parsing it whole, and that every event is a valid protocol event.
 */
export function expectSameEventsInPieces<S extends Json>(
  parser: AgentLogParser<S>,
  bytes: Uint8Array,
  file: SourceFile,
  runs: number = propertyRuns,
): void {
  const whole = parseWholeFile(parser, bytes, file);
  whole.events.forEach((event, index) => {
    expect(event.sequence).toBe(index + 1);
    expect(() => toProtocolEvent(event, "2026-01-01T00:00:00.000Z")).not.toThrow();
  });
  if (bytes.length < 2) return;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
      const pieces = parseInPieces(parser, bytes, cuts, file);
      expect(pieces.events).toEqual(whole.events);
      expect(pieces.checkpoint.stats).toEqual(whole.checkpoint.stats);
    }),
    { numRuns: runs },
  );
}

export { join };
