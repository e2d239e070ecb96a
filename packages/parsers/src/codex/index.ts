// The Codex CLI parser: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl` (and archived_sessions/, and the
// early-2025 unwrapped rollouts) into protocol events. See records.ts for the line types and messages.ts for how
// Codex's duplicated records are counted once.
import { cloneCheckpoint, initialCheckpoint } from "../checkpoint";
import { EventEmitter } from "../emitter";
import { readJsonLines } from "../lines";
import {
  type AgentLogParser,
  type ParseOutput,
  type ParserCheckpoint,
  type ParseWarning,
  type SourceFile,
} from "../types";
import { type Context, EPOCH, ensureStarted, releaseHeld, releaseWaiting } from "./outbox";
import { probeCodex } from "./probe";
import { handleRecord } from "./records";
import { type CodexState, initialCodexState } from "./state";

export { type CodexState } from "./state";

function context(
  checkpoint: ParserCheckpoint<CodexState>,
  file: SourceFile,
  warnings: ParseWarning[],
): Context {
  return {
    state: checkpoint.state,
    checkpoint,
    emitter: new EventEmitter(checkpoint.nextSequence),
    warnings,
    file,
    line: checkpoint.line,
    at: checkpoint.state.lastTimestamp,
  };
}

function finish(ctx: Context): ParseOutput<CodexState> {
  ctx.checkpoint.nextSequence = ctx.emitter.next;
  return { events: ctx.emitter.events, checkpoint: ctx.checkpoint, warnings: ctx.warnings };
}

export const codexParser: AgentLogParser<CodexState> = {
  format: "codex",
  layout: "append",

  probe: probeCodex,

  initial(): ParserCheckpoint<CodexState> {
    return initialCheckpoint(initialCodexState());
  },

  parse(bytes, input, file) {
    const checkpoint = cloneCheckpoint(input);
    const ctx = context(checkpoint, file, []);
    const read = readJsonLines(bytes, checkpoint.line, checkpoint.stats, (line, value) => {
      ctx.line = line;
      try {
        handleRecord(ctx, value);
      } catch (error) {
        // A bug must not stop the file: the line is reported and skipped.
        ctx.warnings.push({ line, kind: "invalid_record", message: `failed to read: ${String(error)}` });
      }
    });
    checkpoint.offset += read.consumedBytes;
    checkpoint.line += read.consumedLines;
    // Lines that were not JSON objects are reported first.
    ctx.warnings = read.warnings.concat(ctx.warnings);
    return finish(ctx);
  },

  flush(input, file) {
    const checkpoint = cloneCheckpoint(input);
    const ctx = context(checkpoint, file, []);
    const { state } = checkpoint;
    // A file that showed a session (its meta, or any event) gets its session_start even if nothing followed.
    if (state.metaSeen || state.lastTimestamp !== null) ensureStarted(ctx);
    releaseHeld(ctx);
    releaseWaiting(ctx, state.lastTimestamp ?? EPOCH);
    return finish(ctx);
  },
};
