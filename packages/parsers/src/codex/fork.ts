// Recognizing the copy of a parent's rollout inside a forked rollout (decision 0026).
//
// How Codex writes a fork (codex-rs core/src/codex.rs `record_initial_history`, `InitialHistory::Forked`, and
// core/src/rollout/recorder.rs): the fork's recorder writes its own session_meta (with `forked_from_id`), then every
// item of the parent's rollout as it was read from the parent's file, starting with the parent's own session_meta,
// all in one batch. The recorder stamps each line with the time it writes it, so the copy carries the time of the
// fork, not the parent's times. A sub-agent forked by spawn_agent gets one more item at the end of the copy: an
// output for the parent's spawn call saying that the history above was forked from the parent. Codex sets
// `forked_from_id` to the id of the first session_meta among the items a thread starts from
// (protocol/src/protocol.rs `InitialHistory::forked_from_id`), so a child that starts from its parent's session_meta
// alone (CLI 0.142 sub-agents) is marked forked too, with nothing copied after that session_meta.
import { isObject } from "../guards";
import { textsOf } from "./content";
import { isContentBlock } from "./guards";
import { type CodexState } from "./state";

/**
 * Longest pause between two lines of one copy. The copy is written in one loop without waiting on anything but the
 * disk; the fork's own first line waits for a turn (a person typing, or a model request).
 */
export const FORK_COPY_MAX_GAP_MS = 1000;

/** How the output Codex appends to a spawn_agent fork's copy begins (codex-rs core/src/agent/control.rs). */
const FORKED_SPAWN_NOTICE = "You are the newly spawned agent.";

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return textsOf(output.filter(isContentBlock)).join("\n");
  if (isObject(output) && typeof output.content === "string") return output.content;
  return "";
}

/** Whether a record is the output Codex adds for the spawn call at the end of a spawn_agent fork's copy. */
function isForkedSpawnNotice(type: string, payload: unknown): boolean {
  if (type !== "response_item" || !isObject(payload) || payload.type !== "function_call_output") return false;
  return outputText(payload.output).trimStart().startsWith(FORKED_SPAWN_NOTICE);
}

/**
 * Whether a record is the start of a turn of the fork itself: Codex writes `started_at` (Unix seconds) on
 * task_started since TurnStartedEvent has it, and a copied turn of the parent started before the fork existed.
 */
function isOwnTurnStart(state: CodexState, type: string, payload: unknown): boolean {
  if (type !== "event_msg" || !isObject(payload) || payload.type !== "task_started") return false;
  const startedAt = payload.started_at;
  if (typeof startedAt !== "number" || state.forkCreatedMs === null) return false;
  return startedAt >= Math.floor(state.forkCreatedMs / 1000);
}

function isOtherThreadMeta(state: CodexState, type: string, payload: unknown): boolean {
  if (type !== "session_meta" || !isObject(payload)) return false;
  return typeof payload.id === "string" && payload.id !== state.sessionId;
}

/**
 * Whether the record after the file's own session_meta belongs to the fork's copy of its parent. Called for every
 * record after the file's own session_meta, in file order; `atMs` is the record's own timestamp, if any.
 */
export function inForkCopy(state: CodexState, type: string, payload: unknown, atMs: number | null): boolean {
  if (state.forkCopy === "none") return false;
  if (state.forkCopy === "expect") {
    // The copy is the parent's rollout, which opens with the parent's session_meta. Anything else right after the
    // fork's own meta means no copy was written (history by reference, or a fork of an empty thread).
    if (!isOtherThreadMeta(state, type, payload)) {
      state.forkCopy = "none";
      return false;
    }
    state.forkCopy = "copying";
    if (atMs !== null) state.forkCopyLastMs = atMs;
    return true;
  }
  if (isOwnTurnStart(state, type, payload)) {
    state.forkCopy = "none";
    return false;
  }
  if (atMs !== null) {
    if (state.forkCopyLastMs !== null && atMs - state.forkCopyLastMs > FORK_COPY_MAX_GAP_MS) {
      state.forkCopy = "none";
      return false;
    }
    state.forkCopyLastMs = Math.max(atMs, state.forkCopyLastMs ?? atMs);
  }
  // The spawn notice is the copy's last line: the sub-agent's own first turn follows without a pause.
  if (isForkedSpawnNotice(type, payload)) state.forkCopy = "none";
  return true;
}
