// Reading complete JSON lines out of a byte range. Only bytes up to the last newline are consumed: a half-written
// last line is left for the next call, so a file read while the agent writes it never yields a torn record.
import { type ParseStats, type ParseWarning } from "./types";

const NEWLINE = 0x0a;
const decoder = new TextDecoder("utf-8");

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

export interface JsonLinesRead {
  records: JsonLine[];
  /** Bytes consumed (through the last newline). */
  consumedBytes: number;
  /** Complete lines consumed, including blank and malformed ones. */
  consumedLines: number;
  warnings: ParseWarning[];
}

/** Splits the complete lines of `bytes` (line numbers continue after `linesBefore`) and parses each as JSON. */
export function readJsonLines(bytes: Uint8Array, linesBefore: number, stats: ParseStats): JsonLinesRead {
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  const records: JsonLine[] = [];
  const warnings: ParseWarning[] = [];
  if (end === 0) return { records, consumedBytes: 0, consumedLines: 0, warnings };
  const text = decoder.decode(bytes.subarray(0, end));
  let line = linesBefore;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const stop = newline === -1 ? text.length : newline;
    const raw = text.slice(start, stop).trim();
    start = stop + 1;
    line += 1;
    stats.lines += 1;
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      stats.malformedLines += 1;
      warnings.push({ line, kind: "malformed_line", message: "not valid JSON; skipped" });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      stats.malformedLines += 1;
      warnings.push({ line, kind: "malformed_line", message: "not a JSON object; skipped" });
      continue;
    }
    records.push({ line, value: value as Record<string, unknown> });
  }
  return { records, consumedBytes: end, consumedLines: line - linesBefore, warnings };
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
