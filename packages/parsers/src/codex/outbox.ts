// The way out for every Codex event: session_start first, the assistant response held until its token count,
// events without a known timestamp held until one is known, then sequence numbers.
import { type EventEmitter, type UntimedEvent } from "../emitter";
import { type ParserCheckpoint, type ParseWarning, type SourceFile } from "../types";
import { type JsonObject } from "./limits";
import { sessionIdFromPath } from "./session";
import { type CodexState, type Draft } from "./state";

export const EPOCH = "1970-01-01T00:00:00.000Z";

/** Events held back for a missing timestamp before giving up and stamping them with the epoch. */
const MAX_WAITING = 256;
/** Context messages that may wait for session_start (which waits for the model in the first turn_context). */
const MAX_EARLY = 8;
/** What may queue behind a held response (tool calls, thinking) before it is released without usage. */
const MAX_HELD_AFTER = 32;
const MAX_HELD_CHARS = 262_144;

/** Everything a record handler needs: the working state, where events go, and where the record came from. */
export interface Context {
  state: CodexState;
  checkpoint: ParserCheckpoint<CodexState>;
  emitter: EventEmitter;
  warnings: ParseWarning[];
  file: SourceFile;
  /** Line of the record being handled. */
  line: number;
  /** emitted_at for the record being handled (its own timestamp, else the last one seen). */
  at: string | null;
}

export function draft(ctx: Context, type: string, data: JsonObject): Draft {
  return { type, emitted_at: ctx.at, data };
}

function emitNow(ctx: Context, event: Draft, at: string): void {
  // Drafts are built from protocol-shaped data in this folder; the tests check each one against the protocol.
  ctx.emitter.emitAt(event as unknown as UntimedEvent, at);
  ctx.checkpoint.stats.events += 1;
}

function deliver(ctx: Context, event: Draft): void {
  const { state } = ctx;
  const at = event.emitted_at ?? state.lastTimestamp;
  if (at === null || state.waiting.length > 0) {
    state.waiting.push({ ...event, emitted_at: at });
    if (state.waiting.length >= MAX_WAITING) releaseWaiting(ctx, EPOCH);
    return;
  }
  emitNow(ctx, event, at);
}

/** Emits the events that waited for a timestamp, stamped with `at` when they have none of their own. */
export function releaseWaiting(ctx: Context, at: string): void {
  const waiting = ctx.state.waiting;
  if (waiting.length === 0) return;
  ctx.state.waiting = [];
  for (const event of waiting) emitNow(ctx, event, event.emitted_at ?? at);
}

function sessionStart(ctx: Context): Draft {
  const { state } = ctx;
  const data: JsonObject = { agent_type: "codex", agent_version: "unknown", ...state.startInfo };
  if (state.cwd !== null) data.working_directory = state.cwd;
  if (state.parentSessionId !== null) data.parent_session_id = state.parentSessionId;
  if (state.model !== null) data.model = state.model;
  if (state.approvalPolicy !== null) data.approval_policy = state.approvalPolicy;
  if (state.sandboxPolicy !== null) data.sandbox_policy = state.sandboxPolicy;
  return { type: "session_start", emitted_at: state.startTimestamp ?? ctx.at, data };
}

/** Emits session_start once, before anything else. */
export function ensureStarted(ctx: Context): void {
  const { state } = ctx;
  if (state.started) return;
  state.started = true;
  const sessionId = state.sessionId ?? sessionIdFromPath(ctx.file.path);
  ctx.checkpoint.session = {
    sessionId,
    agentType: "codex",
    ...(state.parentSessionId !== null ? { parentSessionId: state.parentSessionId } : {}),
  };
  deliver(ctx, sessionStart(ctx));
  const early = state.early;
  state.early = [];
  for (const event of early) deliver(ctx, event);
}

function isContext(event: Draft): boolean {
  return event.type === "message" && event.data.message_type === "context";
}

function heldChars(after: Draft[]): number {
  return after.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0);
}

/** Sends an event on; tool calls and thinking may queue behind a held response, anything else releases it. */
export function out(ctx: Context, event: Draft): void {
  if (!ctx.state.started && isContext(event) && ctx.state.early.length < MAX_EARLY) {
    ctx.state.early.push(event);
    return;
  }
  ensureStarted(ctx);
  const held = ctx.state.held;
  if (held !== null) {
    const queueable = event.type === "tool_call" || event.type === "thinking";
    if (
      queueable &&
      held.after.length < MAX_HELD_AFTER &&
      heldChars(held.after) + JSON.stringify(event.data).length <= MAX_HELD_CHARS
    ) {
      held.after.push(event);
      return;
    }
    releaseHeld(ctx);
  }
  deliver(ctx, event);
}

/** Holds an assistant response until the turn's token_count (or until the turn moves on). */
export function hold(ctx: Context, response: Draft): void {
  ensureStarted(ctx);
  releaseHeld(ctx);
  ctx.state.held = { message: response, after: [] };
}

/** Emits the held response (with `usage` when the token count arrived) and what queued behind it. */
export function releaseHeld(ctx: Context, usage?: JsonObject, model?: string): void {
  const held = ctx.state.held;
  if (held === null) return;
  ctx.state.held = null;
  const message = held.message;
  if (usage !== undefined) message.data.token_usage = usage;
  if (model !== undefined) message.data.model = model;
  deliver(ctx, message);
  for (const event of held.after) deliver(ctx, event);
}

export function warn(ctx: Context, kind: ParseWarning["kind"], message: string): void {
  ctx.warnings.push({ line: ctx.line, kind, message });
}
