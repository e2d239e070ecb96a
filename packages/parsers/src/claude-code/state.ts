// What the Claude Code parser remembers between calls (plain JSON, kept small: ids, counters, the session's
// starting facts, the events waiting for the session to start, and the current plan file).
import { type Json } from "../types";

/** Who the file's events belong to, settled by the file path and the first conversation line. */
export type ClaudeIdentity = {
  sessionId: string;
  parentSessionId: string | null;
  /** Set for a sub-agent session (its own file). */
  agentId: string | null;
  /** A sub-agent's own file: every prompt in it comes from the calling agent. */
  subagent: boolean;
};

/** Facts of the first conversation line, which go on session_start. */
export type ClaudeStartInfo = {
  identity: ClaudeIdentity;
  version: string | null;
  cwd: string | null;
  gitBranch: string | null;
  slug: string | null;
};

/** An event produced before the session could start, with its record's own timestamp when it had one. */
export type PendingEvent = { at: string | null; event: Json };

export type ClaudeState = {
  started: boolean;
  start: ClaudeStartInfo | null;
  /** First valid timestamp of the file (session_start's time, and the time of events that had none). */
  firstTimestamp: string | null;
  /** Last valid timestamp seen (records without one use it). */
  lastTimestamp: string | null;
  pending: PendingEvent[];
  /** Keys (message.id + requestId) of the latest model responses, so split responses count usage once. */
  seenResponses: string[];
  slugKnown: boolean;
  /** The plan file being written in plan mode, so an Edit of it can be turned into the whole new plan. */
  plan: { path: string; content: string } | null;
  /**
   * The parentUuid tree of the latest lines (bounded): for each uuid, the sequence of the first event of its
   * current child line (NO_CHILD while it has none, CHILD_BEFORE_START when that child came before the session
   * could number events). Two generations of at most MAX_LINEAGE entries each: when `recent` is full it becomes
   * `older` and the oldest generation is dropped, so no line is ever deleted one by one (objects that keys are
   * deleted from turn slow). A typed prompt whose parent already has a child starts a branch: the events of the
   * branch it leaves are named as rewound (decision 0028).
   */
  lineage: { recent: Record<string, number>; older: Record<string, number>; size: number };
};

/** A line in the lineage without a child yet. */
export const NO_CHILD = -1;
/** A child line seen before session_start: its events' sequence numbers were not known. */
export const CHILD_BEFORE_START = -2;
/** Lines of one lineage generation: the last MAX_LINEAGE to 2 x MAX_LINEAGE lines are remembered; a rewind to an
 * older point is kept unmarked. */
export const MAX_LINEAGE = 512;

/** Responses remembered for deduplication: lines of one response are close to each other in the file. */
export const MAX_SEEN_RESPONSES = 2000;
/** Events held back at most while waiting for a line that says who the session is. */
export const MAX_PENDING_EVENTS = 200;
/** Larger plan files are not kept in the checkpoint (their edits are then not turned into plans). */
export const MAX_PLAN_LENGTH = 200_000;

export function initialState(): ClaudeState {
  return {
    started: false,
    start: null,
    firstTimestamp: null,
    lastTimestamp: null,
    pending: [],
    seenResponses: [],
    slugKnown: false,
    plan: null,
    lineage: { recent: {}, older: {}, size: 0 },
  };
}
