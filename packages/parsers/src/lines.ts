// Reading complete JSON lines out of a byte range. Only bytes up to the last newline are consumed: a half-written
// last line is left for the next call, so a file read while the agent writes it never yields a torn record.
import { type ParseStats, type ParseWarning } from "./types";

const NEWLINE = 0x0a;
/**
 * Bytes decoded into one string at most (a longer line is decoded alone). A whole 4 MiB chunk decoded at once is a
 * string the size of the chunk, held outside the JS heap until a full GC: chunk after chunk they pile up (tens of
 * MB of peak RSS). Strings of a few KiB are young garbage, freed as soon as their lines are parsed.
 */
const PIECE_BYTES = 16 * 1024;
const decoder = new TextDecoder("utf-8");

/** Receives each JSON object line as soon as it is parsed (`line` is 1-based in the file). */
export type JsonLineHandler = (line: number, value: Record<string, unknown>) => void;

/** Receives each non-blank line, trimmed and not parsed yet (`line` is 1-based in the file). */
export type RawLineHandler = (line: number, raw: string) => void;

export interface LinesRead {
  /** Bytes consumed (through the last newline). */
  consumedBytes: number;
  /** Complete lines consumed, including blank and malformed ones. */
  consumedLines: number;
}

export interface JsonLinesRead extends LinesRead {
  /** One for each line that is not a JSON object (blank lines are skipped silently). */
  warnings: ParseWarning[];
}

/**
 * Splits the complete lines of `bytes` (line numbers continue after `linesBefore`) and hands each non-blank one to
 * `onLine` right away. Decoding piece by piece gives the same lines as decoding the whole range: a newline byte is
 * never part of a multi-byte character. Counts the lines in `stats`.
 */
export function readLines(
  bytes: Uint8Array,
  linesBefore: number,
  stats: ParseStats,
  onLine: RawLineHandler,
): LinesRead {
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  if (end === 0) return { consumedBytes: 0, consumedLines: 0 };
  let count = 0;
  for (let start = 0; start < end;) {
    const stop = pieceEnd(bytes, start, end);
    // The piece ends with a newline, so the last part of the split is empty: it is not a line.
    const lines = decoder.decode(bytes.subarray(start, stop)).split("\n");
    start = stop;
    for (let index = 0; index < lines.length - 1; index++) {
      count += 1;
      const raw = (lines[index] ?? "").trim();
      if (raw !== "") onLine(linesBefore + count, raw);
    }
  }
  stats.lines += count;
  return { consumedBytes: end, consumedLines: count };
}

/** One line as a JSON object, or null for a line that is not one: counted in `stats`, warned about in `warnings`. */
export function parseJsonObjectLine(
  line: number,
  raw: string,
  stats: ParseStats,
  warnings: ParseWarning[],
): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    stats.malformedLines += 1;
    warnings.push({ line, kind: "malformed_line", message: "not valid JSON; skipped" });
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    stats.malformedLines += 1;
    warnings.push({ line, kind: "malformed_line", message: "not a JSON object; skipped" });
    return null;
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the complete lines of `bytes` as JSON objects and hands each to `onRecord` as soon as it is parsed: a
 * record is garbage once handled, instead of a whole chunk of parsed records living (and being copied by the GC)
 * until the last one is handled.
 */
export function readJsonLines(
  bytes: Uint8Array,
  linesBefore: number,
  stats: ParseStats,
  onRecord: JsonLineHandler,
): JsonLinesRead {
  const warnings: ParseWarning[] = [];
  const read = readLines(bytes, linesBefore, stats, (line, raw) => {
    const record = parseJsonObjectLine(line, raw, stats, warnings);
    if (record !== null) onRecord(line, record);
  });
  return { ...read, warnings };
}

/**
 * Where the piece of `bytes` decoded at once ends: after the last newline within PIECE_BYTES of `start`, or after
 * the line when one line is longer. `end` is just after a newline.
 */
function pieceEnd(bytes: Uint8Array, start: number, end: number): number {
  if (end - start <= PIECE_BYTES) return end;
  const lastNewline = bytes.lastIndexOf(NEWLINE, start + PIECE_BYTES - 1);
  return lastNewline >= start ? lastNewline + 1 : bytes.indexOf(NEWLINE, start + PIECE_BYTES) + 1;
}

/** Decodes a whole document (the `document` layout); null while it is not complete JSON yet. */
export function readJsonDocument(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes).trim();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
