// The contract every agent-log parser keeps (DESIGN §5). A parser is a pure function of a file's bytes and a
// checkpoint: the same bytes give the same events with the same sequence numbers, whether they arrive in one
// piece or in many appended pieces. Checkpoints are plain JSON, so the watcher can persist them between runs.
import { type ProtocolEvent } from "@catsyphon/protocol";

/** The agents whose logs CatSyphon reads; the same names as the protocol's normalized `agent_type`. */
export type AgentFormat = "claude_code" | "codex" | "gemini";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An event as a parser produces it: a protocol event without `observed_at`, which is the collector's clock and is
 * set when the event is sent (so parsing stays a pure function of the file).
 */
export type ParsedEvent = DistributiveOmit<ProtocolEvent, "observed_at">;

/** JSON-serializable value (what a checkpoint may hold). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a parser knows about the file besides its bytes. */
export interface SourceFile {
  /** Absolute path. Sub-agent layouts and fallback session ids come from it. */
  path: string;
  /**
   * Other small files the parser may need, by absolute path, read by the caller: e.g. a Claude Code sub-agent's
   * `agent-<id>.meta.json`. Absent files are simply not in the map.
   */
  sidecars?: Readonly<Record<string, string>>;
  /**
   * The project folder the agent's own bookkeeping gives for this log when the log itself does not (Gemini CLI's
   * `tmp/<project>/.project_root`, else its `projects.json` registry), found by the caller.
   */
  projectRoot?: string;
}

/** Who the file's events belong to. Fixed by the first event; never changes afterwards. */
export interface SessionIdentity {
  sessionId: string;
  agentType: AgentFormat;
  /** Session id of the parent when this file is a sub-agent (or a forked thread). */
  parentSessionId?: string;
}

export interface ParseWarning {
  /** 1-based line number in the file (0 for a document-level problem). */
  line: number;
  kind: "malformed_line" | "unknown_line_type" | "invalid_record" | "ignored_update";
  message: string;
}

/** Counters kept across the whole file (they live in the checkpoint). */
export interface ParseStats {
  /** Complete lines (or documents) read. */
  lines: number;
  /** Lines that were not JSON, or not an object. */
  malformedLines: number;
  /** Lines skipped because their type is unknown, by type name. */
  unknownTypes: Record<string, number>;
  /** Events produced so far. */
  events: number;
}

/** Where a parser stopped, and what it must remember to continue. Plain JSON. */
export interface ParserCheckpoint<FormatState extends Json = Json> {
  /**
   * Bytes of the file consumed: always just after a newline (a half-written last line is left for later).
   * Document formats (a whole JSON file rewritten on each update) keep 0 and are given the whole file each time.
   */
  offset: number;
  /** Complete lines consumed (line numbers of warnings continue from here). */
  line: number;
  /** Sequence number of the next event (1 for a new file). */
  nextSequence: number;
  /** Known once the first event is produced. */
  session: SessionIdentity | null;
  stats: ParseStats;
  /** Format-specific memory: seen message ids, a held-back record, ... Kept small. */
  state: FormatState;
}

export interface ParseOutput<FormatState extends Json = Json> {
  /** New events, with consecutive sequence numbers starting at the input checkpoint's `nextSequence`. */
  events: ParsedEvent[];
  checkpoint: ParserCheckpoint<FormatState>;
  warnings: ParseWarning[];
}

export interface AgentLogParser<FormatState extends Json = Json> {
  readonly format: AgentFormat;
  /** `append`: a log that only grows (JSONL). `document`: one JSON document rewritten as a whole on each update. */
  readonly layout: "append" | "document";
  /**
   * Whether a file is this format: judged from its path and its first bytes (up to 64 KiB, possibly cut
   * mid-line). Never throws.
   */
  probe(path: string, head: string): boolean;
  /** The checkpoint of a file not read yet. */
  initial(file: SourceFile): ParserCheckpoint<FormatState>;
  /**
   * Parses `bytes`, the file's content from `checkpoint.offset` to its current end (for `document` layout: the
   * whole file). Consumes complete lines only. Pure: never reads the file system, never looks at the clock.
   */
  parse(
    bytes: Uint8Array,
    checkpoint: ParserCheckpoint<FormatState>,
    file: SourceFile,
  ): ParseOutput<FormatState>;
  /**
   * Emits what is held back waiting for lines that may never come (e.g. a response waiting for its token count).
   * Called once a file has been idle for a while, and at the end of a one-shot ingest. Lines appended later are
   * parsed as usual after what this emitted.
   */
  flush(checkpoint: ParserCheckpoint<FormatState>, file: SourceFile): ParseOutput<FormatState>;
}
