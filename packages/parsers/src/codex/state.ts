// What the Codex parser remembers between calls. Plain JSON and small: ids, counters, the assistant response
// waiting for its token count, and fingerprints (not copies) of texts Codex writes twice.
import { type JsonObject } from "./limits";

/** An event before it has a sequence number; `emitted_at` is null while the file has shown no timestamp yet. */
export type Draft = { type: string; emitted_at: string | null; data: JsonObject };

/** One reading of Codex's token counters (cumulative or per turn). */
export type TokenCounts = {
  input: number;
  cached: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  total: number;
};

/** A text already emitted from one of Codex's two copies (response_item vs event_msg), by fingerprint. */
export type Twin = { key: string; source: "item" | "event" };

export type CodexState = {
  /** From session_meta (or the legacy header); null until seen. */
  sessionId: string | null;
  /** session_meta (or legacy header) of this file already read; later ones are copies of other threads. */
  metaSeen: boolean;
  /** Extra session_start fields learned from session_meta. */
  startInfo: JsonObject;
  isSubagent: boolean;
  parentSessionId: string | null;
  /** session_start emitted. */
  started: boolean;
  /** When the session started (ISO): its session_meta, else its first own record. */
  startTimestamp: string | null;
  /** Latest own timestamp (ISO), for records that carry none. */
  lastTimestamp: string | null;
  /** Whether the replay cut-off below has been fixed (at the first record with a timestamp). */
  replayDecided: boolean;
  /** Records stamped before this instant (epoch ms) are the parent's history replayed into a child/fork. */
  replayBefore: number | null;
  /**
   * Where a fork's copy of its parent's rollout stands (see fork.ts): "expect" right after a forked session_meta,
   * "copying" inside the copy, "none" when there is none or it has ended.
   */
  forkCopy: "expect" | "copying" | "none";
  /** Timestamp (epoch ms) of the latest line of the fork copy, to tell where the burst that wrote it ends. */
  forkCopyLastMs: number | null;
  /** When the fork's thread was created (epoch ms, its session_meta); its own turns start after it. */
  forkCreatedMs: number | null;
  model: string | null;
  cwd: string | null;
  /** Last approval / sandbox policy seen, to notice changes. */
  approvalPolicy: string | null;
  sandboxPolicy: string | null;
  /** Last cumulative token counters seen (own or replayed), to difference cumulative-only readings. */
  prevTotal: TokenCounts | null;
  /** Injected context seen before session_start, held so session_start can wait for the first turn_context. */
  early: Draft[];
  /** Events held back because no timestamp is known yet. */
  waiting: Draft[];
  /** The latest assistant response, waiting for the turn's token_count, and the events that followed it. */
  held: { message: Draft; after: Draft[] } | null;
  promptTwin: Twin | null;
  replyTwin: Twin | null;
  /** Which record announced the last compaction (Codex writes a `compacted` line and a context_compacted event). */
  compactionTwin: "record" | "event" | null;
};

export function initialCodexState(): CodexState {
  return {
    sessionId: null,
    metaSeen: false,
    startInfo: {},
    isSubagent: false,
    parentSessionId: null,
    started: false,
    startTimestamp: null,
    lastTimestamp: null,
    replayDecided: false,
    replayBefore: null,
    forkCopy: "none",
    forkCopyLastMs: null,
    forkCreatedMs: null,
    model: null,
    cwd: null,
    approvalPolicy: null,
    sandboxPolicy: null,
    prevTotal: null,
    early: [],
    waiting: [],
    held: null,
    promptTwin: null,
    replyTwin: null,
    compactionTwin: null,
  };
}
