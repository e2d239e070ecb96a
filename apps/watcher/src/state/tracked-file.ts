// What the watcher remembers about each log file between runs (DESIGN §5): where its parser stopped, a hash of
// the bytes read so far (to notice a file truncated or replaced), what the server acknowledged, and the last error.
import { z } from "zod";

const sessionIdentitySchema = z.object({
  sessionId: z.string(),
  agentType: z.enum(["claude_code", "codex", "gemini"]),
  parentSessionId: z.string().optional(),
});

export const checkpointSchema = z.object({
  offset: z.int().min(0),
  line: z.int().min(0),
  nextSequence: z.int().min(1),
  session: sessionIdentitySchema.nullable(),
  stats: z.object({
    lines: z.int().min(0),
    malformedLines: z.int().min(0),
    unknownTypes: z.record(z.string(), z.int()),
    events: z.int().min(0),
  }),
  state: z.json(),
});

export const trackedFileSchema = z.object({
  path: z.string(),
  /** Parser format; null for a file no parser claims (kept so it is not probed again while unchanged). */
  format: z.enum(["claude_code", "codex", "gemini"]).nullable(),
  layout: z.enum(["append", "document"]).nullable(),
  checkpoint: checkpointSchema.nullable(),
  size: z.int().min(0),
  mtimeMs: z.number(),
  /** SHA-256 of the file's first `prefixLength` bytes as last read. */
  prefixHash: z.string().nullable(),
  prefixLength: z.int().min(0),
  /** Highest sequence the server acknowledged for the file's session. */
  ackedSequence: z.int().min(0),
  /** Sequence up to which the session was marked complete (null: not completed). */
  completedSequence: z.int().min(0).nullable(),
  /** The file, or its session's working directory, matches an --exclude glob. */
  excluded: z.boolean(),
  failures: z.int().min(0),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  /**
   * The server answered 409 session_conflict: it holds other events under this file's session id (another file or
   * machine sends it). Cleared once the file's events are accepted again. Absent in state written before it.
   */
  conflict: z
    .object({ sessionId: z.string(), firstConflictingSequence: z.int().min(1), lastSequence: z.int().min(0) })
    .nullable()
    .default(null),
  updatedAt: z.number(),
});
export type TrackedFile = z.infer<typeof trackedFileSchema>;

/** What the watcher's periodic passes need of a tracked file (the checkpoint itself stays on disk). */
export interface TrackedSummary {
  path: string;
  size: number;
  /** The file's modification time when it was last read. */
  mtimeMs: number;
  lastError: string | null;
  sessionId: string | null;
  /**
   * Whether idle completion may have something to do: a parsed, not excluded log whose session was not completed
   * at its last sequence (completing flushes the parser, so a completed file at the same sequence has nothing left).
   */
  completable: boolean;
}

export function summaryOf(file: TrackedFile): TrackedSummary {
  const lastSequence = file.checkpoint === null ? null : file.checkpoint.nextSequence - 1;
  return {
    path: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    lastError: file.lastError,
    sessionId: file.checkpoint?.session?.sessionId ?? null,
    completable:
      file.format !== null &&
      file.checkpoint !== null &&
      !file.excluded &&
      !(lastSequence !== null && file.completedSequence === lastSequence),
  };
}
