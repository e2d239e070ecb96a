// One rollout line: its envelope (timestamp, type, payload), whether it is the parent's history replayed into a
// sub-agent or fork, and the handler of its type.
import { countUnknownType } from "../checkpoint";
import { isCanonicalIsoTime } from "../timestamps";
import { handleEvent, handleTokenCount } from "./events";
import { inForkCopy } from "./fork";
import { isCompacted, isTurnContext } from "./guards";
import { handleResponseItem, RESPONSE_ITEM_TYPES } from "./items";
import { safeName, safePath } from "./limits";
import { emitCompaction } from "./messages";
import { type Context, draft, ensureStarted, out, releaseHeld, releaseWaiting, warn } from "./outbox";
import { legacyHeaderSchema, sessionMetaSchema } from "./schemas";
import { sessionFacts, timeFromPath } from "./session";

/**
 * Record types that carry nothing for the archive: model-side state snapshots, and references to another rollout
 * whose items are counted in that rollout's own session.
 */
const SKIPPED_RECORDS = new Set([
  "world_state",
  "inter_agent_communication_metadata",
  "rollout_reference",
  "fork_reference",
]);

interface Instant {
  iso: string;
  ms: number;
}

function instant(value: unknown): Instant | null {
  if (typeof value === "string" && isCanonicalIsoTime(value)) return { iso: value, ms: Date.parse(value) };
  if (typeof value !== "string" && typeof value !== "number") return null;
  const date = new Date(value);
  const ms = date.getTime();
  return Number.isNaN(ms) ? null : { iso: date.toISOString(), ms };
}

function policyName(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return safeName(value, value);
  if (typeof value === "object" && value !== null) {
    const named = "type" in value ? value.type : "mode" in value ? value.mode : undefined;
    if (typeof named === "string" && named !== "") return safeName(named, named);
  }
  return null;
}

/** The file's own session_meta: identity, parent, and where replayed parent history ends. */
function handleSessionMeta(ctx: Context, payload: unknown, at: Instant | null): void {
  const parsed = sessionMetaSchema.safeParse(payload);
  if (!parsed.success) return warn(ctx, "invalid_record", "session_meta has an unexpected shape; skipped");
  const { state } = ctx;
  const facts = sessionFacts(parsed.data);
  state.metaSeen = true;
  state.sessionId = facts.sessionId;
  state.parentSessionId = facts.parentSessionId;
  state.isSubagent = facts.isSubagent;
  state.cwd = facts.cwd;
  state.startInfo = facts.info;
  if (facts.agentVersion !== null) state.startInfo.agent_version = facts.agentVersion;
  // A fork's copy of its parent follows right away, stamped with the time of the fork (fork.ts).
  if (facts.info.forked_from_id !== undefined) {
    state.forkCopy = "expect";
    state.forkCopyLastMs = at?.ms ?? null;
    state.forkCreatedMs = instant(parsed.data.timestamp)?.ms ?? at?.ms ?? null;
  }
  // A sub-agent or forked rollout starts with its own session_meta, then copies the parent's history with the
  // parent's (earlier) timestamps: everything stamped before this thread was created is that copy.
  const created = instant(parsed.data.timestamp);
  const starts = [created?.ms, at?.ms].filter((ms): ms is number => ms !== undefined);
  if (!state.replayDecided && starts.length > 0) {
    state.replayDecided = true;
    state.replayBefore = Math.min(...starts);
  }
  state.startTimestamp ??= at?.iso ?? created?.iso ?? null;
}

function handleLegacyHeader(ctx: Context, value: Record<string, unknown>): boolean {
  const parsed = legacyHeaderSchema.safeParse(value);
  if (!parsed.success) return false;
  const { state } = ctx;
  state.metaSeen = true;
  state.sessionId = safeName(parsed.data.id, parsed.data.id);
  if (parsed.data.git?.branch) state.startInfo.git_branch = safeName(parsed.data.git.branch, "unknown");
  return true;
}

function handleTurnContext(ctx: Context, payload: unknown, replayed: boolean): void {
  if (!isTurnContext(payload))
    return warn(ctx, "invalid_record", "turn_context has an unexpected shape; skipped");
  const { state } = ctx;
  const { model, cwd, approval_policy: approval, sandbox_policy: sandbox } = payload;
  if (model) state.model = safeName(model, "unknown");
  if (replayed) return;
  // A new turn: the previous response gets no more token counts.
  releaseHeld(ctx);
  const changes: Record<string, string> = {};
  const directory = safePath(cwd);
  if (directory !== undefined && directory !== state.cwd) {
    state.cwd = directory;
    changes.working_directory = directory;
  }
  const approvalPolicy = policyName(approval);
  if (approvalPolicy !== null && approvalPolicy !== state.approvalPolicy) {
    state.approvalPolicy = approvalPolicy;
    changes.approval_policy = approvalPolicy;
  }
  const sandboxPolicy = policyName(sandbox);
  if (sandboxPolicy !== null && sandboxPolicy !== state.sandboxPolicy) {
    state.sandboxPolicy = sandboxPolicy;
    changes.sandbox_policy = sandboxPolicy;
  }
  // Before the session has started these go on session_start; afterwards they are changes.
  if (!state.started) return ensureStarted(ctx);
  if (Object.keys(changes).length > 0) out(ctx, draft(ctx, "metadata", changes));
}

function handleCompacted(ctx: Context, payload: unknown): void {
  if (!isCompacted(payload)) return warn(ctx, "invalid_record", "compacted has an unexpected shape; skipped");
  // replacement_history is the compacted context itself (a copy of earlier items): never re-emitted.
  emitCompaction(ctx, "record", payload.trigger ?? "auto", payload.message ?? "");
}

/** Handles one parsed line. */
export function handleRecord(ctx: Context, value: Record<string, unknown>): void {
  const { state } = ctx;
  const type = value.type;
  if (typeof type !== "string") {
    if (!state.metaSeen && !state.started && handleLegacyHeader(ctx, value)) {
      state.replayDecided = true;
      const at = instant(value.timestamp);
      if (at !== null) noteTimestamp(ctx, at);
      return;
    }
    // Legacy rollouts also hold `{record_type: "state"}` lines: nothing to read.
    if ("record_type" in value) return;
    return warn(ctx, "invalid_record", "line without a type; skipped");
  }
  const at = instant(value.timestamp);
  const ownMeta = type === "session_meta" && !state.metaSeen;
  if (ownMeta) handleSessionMeta(ctx, value.payload, at);
  if (at !== null && !state.replayDecided) {
    // No session_meta first (e.g. a usage-only branch file): the creation time in the file name, if any.
    state.replayDecided = true;
    state.replayBefore = timeFromPath(ctx.file.path);
  }
  const copied = !ownMeta && inForkCopy(state, type, value.payload, at?.ms ?? null);
  const replayed = copied || (at !== null && state.replayBefore !== null && at.ms < state.replayBefore);
  if (at !== null && !replayed) noteTimestamp(ctx, at);
  ctx.at = replayed ? (at?.iso ?? null) : (at?.iso ?? state.lastTimestamp);
  switch (type) {
    case "session_meta":
      // Later session_meta lines belong to copied history of other threads.
      return;
    case "turn_context":
      return handleTurnContext(ctx, value.payload, replayed);
    case "event_msg":
      if (replayed) {
        // Replayed token counts only set the baseline for this thread's cumulative totals.
        const payload = value.payload;
        const isTokenCount =
          typeof payload === "object" &&
          payload !== null &&
          "type" in payload &&
          payload.type === "token_count";
        if (isTokenCount) handleTokenCount(ctx, payload, true);
        return;
      }
      return handleEvent(ctx, value.payload);
    case "response_item":
      if (!replayed) handleResponseItem(ctx, value.payload);
      return;
    case "compacted":
      if (!replayed) handleCompacted(ctx, value.payload);
      return;
    default:
      if (SKIPPED_RECORDS.has(type)) return;
      // Legacy rollouts write response items bare, without the envelope.
      if (RESPONSE_ITEM_TYPES.has(type) && !("payload" in value)) return handleResponseItem(ctx, value);
      countUnknownType(ctx.checkpoint.stats, type.slice(0, 100));
      warn(ctx, "unknown_line_type", `unknown record type "${type.slice(0, 100)}"; skipped`);
  }
}

/** A timestamp of this thread's own: records without one use it, and events waiting for one get it. */
function noteTimestamp(ctx: Context, at: Instant): void {
  const { state } = ctx;
  state.lastTimestamp = at.iso;
  state.startTimestamp ??= at.iso;
  releaseWaiting(ctx, at.iso);
}
