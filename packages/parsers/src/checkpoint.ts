// Helpers for building checkpoints.
import { type Json, type ParserCheckpoint, type ParseStats } from "./types";

export function emptyStats(): ParseStats {
  return { lines: 0, malformedLines: 0, unknownTypes: {}, events: 0 };
}

export function initialCheckpoint<S extends Json>(state: S): ParserCheckpoint<S> {
  return { offset: 0, line: 0, nextSequence: 1, session: null, stats: emptyStats(), state };
}

/** A deep copy, so a parser can update its working copy without touching the caller's checkpoint. */
export function cloneCheckpoint<S extends Json>(checkpoint: ParserCheckpoint<S>): ParserCheckpoint<S> {
  return structuredClone(checkpoint);
}

/** Counts a line skipped for its unknown type. */
export function countUnknownType(stats: ParseStats, type: string): void {
  stats.unknownTypes[type] = (stats.unknownTypes[type] ?? 0) + 1;
}
