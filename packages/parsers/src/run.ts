// Driving a parser over a whole file or over appended pieces of it: what the CLI's one-shot ingest and the
// tests (whole == pieces) do.
import {
  type AgentLogParser,
  type Json,
  type ParsedEvent,
  type ParseWarning,
  type ParserCheckpoint,
  type SourceFile,
} from "./types";

export interface FileParse<S extends Json = Json> {
  events: ParsedEvent[];
  warnings: ParseWarning[];
  checkpoint: ParserCheckpoint<S>;
}

/** Parses a complete file in one call, then flushes what was held back. */
export function parseWholeFile<S extends Json>(
  parser: AgentLogParser<S>,
  bytes: Uint8Array,
  file: SourceFile,
): FileParse<S> {
  return parseInPieces(parser, bytes, [], file);
}

/**
 * Parses a file as a watcher sees it grow: the file is cut at `cuts` (byte offsets, any order, may split lines
 * and UTF-8 characters) and each call gets the bytes from the checkpoint's offset to the current end. Flushes
 * once at the end.
 */
export function parseInPieces<S extends Json>(
  parser: AgentLogParser<S>,
  bytes: Uint8Array,
  cuts: readonly number[],
  file: SourceFile,
): FileParse<S> {
  const ends = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length)), bytes.length].sort(
    (a, b) => a - b,
  );
  let checkpoint = parser.initial(file);
  const events: ParsedEvent[] = [];
  const warnings: ParseWarning[] = [];
  for (const end of ends) {
    const view =
      parser.layout === "document" ? bytes.subarray(0, end) : bytes.subarray(checkpoint.offset, end);
    const output = parser.parse(view, checkpoint, file);
    events.push(...output.events);
    warnings.push(...output.warnings);
    checkpoint = output.checkpoint;
  }
  const flushed = parser.flush(checkpoint, file);
  events.push(...flushed.events);
  warnings.push(...flushed.warnings);
  return { events, warnings, checkpoint: flushed.checkpoint };
}
