// The Claude Code parser (`~/.claude/projects/<encoded-cwd>/<session>.jsonl` and its sub-agent files): an append
// log of JSON lines, read through complete lines only. See DESIGN §5 and docs/decisions for the choices made.
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
import { ParseContext } from "./context";
import { resolveIdentity } from "./identity";
import { probeClaudeCode } from "./probe";
import { handleRecord } from "./records";
import { type ClaudeState, initialState } from "./state";

export { type ClaudeState } from "./state";

function finish(
  context: ParseContext,
  emitter: EventEmitter,
  checkpoint: ParserCheckpoint<ClaudeState>,
  warnings: ParseWarning[],
): ParseOutput<ClaudeState> {
  context.settle();
  checkpoint.nextSequence = emitter.next;
  checkpoint.stats.events += emitter.events.length;
  return { events: emitter.events, checkpoint, warnings };
}

export const claudeCodeParser: AgentLogParser<ClaudeState> = {
  format: "claude_code",
  layout: "append",

  probe(path: string, head: string): boolean {
    return probeClaudeCode(path, head);
  },

  initial(_file: SourceFile): ParserCheckpoint<ClaudeState> {
    return initialCheckpoint(initialState());
  },

  parse(bytes: Uint8Array, input: ParserCheckpoint<ClaudeState>, file: SourceFile): ParseOutput<ClaudeState> {
    const checkpoint = cloneCheckpoint(input);
    const emitter = new EventEmitter(checkpoint.nextSequence);
    const context = new ParseContext(checkpoint, emitter, [], file);
    const read = readJsonLines(bytes, checkpoint.line, checkpoint.stats, (line, value) => {
      try {
        handleRecord(context, line, value);
      } catch (error) {
        // A parser never throws on input; a bug on one odd record must not stop the file.
        context.warn("invalid_record", `record could not be read: ${String(error).slice(0, 200)}`);
      }
    });
    checkpoint.offset += read.consumedBytes;
    checkpoint.line += read.consumedLines;
    const warnings = read.warnings.concat(context.warnings).sort((a, b) => a.line - b.line);
    return finish(context, emitter, checkpoint, warnings);
  },

  flush(input: ParserCheckpoint<ClaudeState>, file: SourceFile): ParseOutput<ClaudeState> {
    const checkpoint = cloneCheckpoint(input);
    const emitter = new EventEmitter(checkpoint.nextSequence);
    const context = new ParseContext(checkpoint, emitter, [], file);
    context.startNow(() => ({
      identity: resolveIdentity(file.path, { sessionId: undefined, agentId: undefined, isSidechain: false }),
      version: null,
      cwd: null,
      gitBranch: null,
      slug: null,
    }));
    return finish(context, emitter, checkpoint, context.warnings);
  },
};
