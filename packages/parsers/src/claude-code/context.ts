// The working state of one parse() or flush() call: numbers events, holds them back until the session can
// start (session_start must come first and every event needs a timestamp), and collects warnings.
import { type EventEmitter, type UntimedEvent } from "../emitter";
import { RecentList } from "../recent-list";
import { type Json, type ParserCheckpoint, type ParseWarning, type SourceFile } from "../types";
import { metaSidecarPath } from "./identity";
import { cleanName, cleanText, compact } from "./limits";
import { subagentMetaSchema } from "./schemas";
import {
  CHILD_BEFORE_START,
  type ClaudeState,
  MAX_LINEAGE,
  MAX_PENDING_EVENTS,
  MAX_SEEN_RESPONSES,
  NO_CHILD,
} from "./state";

type Lineage = ClaudeState["lineage"];

/** A uuid's entry, or undefined; `typeof` keeps inherited names (`constructor`, ...) from counting as entries. */
function lineageOf(lineage: Lineage, uuid: string): number | undefined {
  const recent = lineage.recent[uuid];
  if (typeof recent === "number") return recent;
  const older = lineage.older[uuid];
  return typeof older === "number" ? older : undefined;
}

function setLineage(lineage: Lineage, uuid: string, value: number): void {
  if (typeof lineage.recent[uuid] !== "number") lineage.size += 1;
  lineage.recent[uuid] = value;
  if (lineage.size >= MAX_LINEAGE) {
    lineage.older = lineage.recent;
    lineage.recent = {};
    lineage.size = 0;
  }
}

/** An event as a record handler builds it: the context adds its time and sequence. */
export type DraftEvent = UntimedEvent;

const EPOCH = "1970-01-01T00:00:00.000Z";

export class ParseContext {
  /** 1-based line number of the record being handled. */
  line = 0;
  /** The record's own timestamp, if it has a valid one. */
  private recordTime: string | undefined;
  private responses: RecentList | undefined;

  constructor(
    readonly checkpoint: ParserCheckpoint<ClaudeState>,
    private readonly emitter: EventEmitter,
    readonly warnings: ParseWarning[],
    readonly file: SourceFile,
  ) {}

  get state(): ClaudeState {
    return this.checkpoint.state;
  }

  /** True the first time a response key is seen (the latest keys are remembered in the state). */
  isNewResponse(key: string): boolean {
    this.responses ??= new RecentList(this.state.seenResponses, MAX_SEEN_RESPONSES);
    if (this.responses.has(key)) return false;
    this.responses.push(key);
    return true;
  }

  /** Set for the line being handled when its parent already had a child: where the other branch began. */
  private branch: { parent: string; first: number } | null = null;

  /**
   * Notes a line in the parentUuid tree, before its events are made: the first child of a line records where
   * its events begin; a later child is a branch, which markRewoundBranch() turns into a rewind when the line is
   * a typed prompt (Claude Code's /rewind and edited prompts restart from an earlier line this way).
   */
  noteLineage(uuid: unknown, parent: unknown, canBranch: boolean): void {
    this.branch = null;
    // Read as they are (no cleaning: they are only compared); a line that names itself as its parent says
    // nothing about the tree (trimmed copies of logs do this).
    const self = typeof uuid === "string" ? uuid : undefined;
    const up = typeof parent === "string" ? parent : undefined;
    if (self !== undefined && self === up) return;
    // Absent (or of the first format) in checkpoints saved before this one.
    let lineage = this.state.lineage as Lineage | undefined;
    if (lineage?.recent === undefined) {
      lineage = { recent: {}, older: {}, size: 0 };
      this.state.lineage = lineage;
    }
    if (canBranch && up !== undefined) {
      const child = lineageOf(lineage, up);
      if (child === NO_CHILD) setLineage(lineage, up, this.sequenceOfNextEvent());
      else if (child !== undefined) this.branch = { parent: up, first: child };
    }
    if (self !== undefined && lineageOf(lineage, self) === undefined) setLineage(lineage, self, NO_CHILD);
  }

  /**
   * The line being handled is a typed prompt: if it branches off an earlier line, the events from the start of
   * the branch it leaves to now were rewound. They stay (they were typed and paid for); a `rewinds` entry names
   * their range, and this branch becomes the parent's current child.
   */
  markRewoundBranch(): void {
    const branch = this.branch;
    this.branch = null;
    if (branch === null) return;
    const next = this.sequenceOfNextEvent();
    const last = next - 1;
    if (branch.first >= 0 && next >= 0 && branch.first <= last) {
      this.emit({
        type: "metadata",
        data: {
          rewinds: [
            compact({
              from_uuid: cleanName(branch.parent),
              first_sequence: branch.first,
              last_sequence: last,
              occurred_at: this.recordTime,
            }) as Record<string, Json>,
          ],
        },
      });
    }
    setLineage(this.state.lineage, branch.parent, this.sequenceOfNextEvent());
  }

  /** The sequence the next event will get, or CHILD_BEFORE_START while events wait for session_start. */
  private sequenceOfNextEvent(): number {
    return this.state.started ? this.emitter.next : CHILD_BEFORE_START;
  }

  /** Brings the state up to date for the checkpoint handed out (the response keys pushed out are cut from it). */
  settle(): void {
    this.responses?.compact();
  }

  /** Starts a new record: its timestamp (undefined when missing or invalid) becomes the current time. */
  beginRecord(line: number, timestamp: string | undefined): void {
    this.line = line;
    this.recordTime = timestamp;
    if (timestamp === undefined) return;
    this.state.lastTimestamp = timestamp;
    this.state.firstTimestamp ??= timestamp;
  }

  warn(kind: ParseWarning["kind"], message: string): void {
    this.warnings.push({ line: this.line, kind, message });
  }

  /** The record's time for a field such as compaction.occurred_at (only when the record has its own). */
  get ownTime(): string | undefined {
    return this.recordTime;
  }

  emit(draft: DraftEvent): void {
    const state = this.state;
    const at = this.recordTime ?? state.lastTimestamp ?? undefined;
    if (state.started && at !== undefined) {
      this.emitter.emitAt(draft, at);
      return;
    }
    if (state.started) {
      // Started by flush() before any timestamp was known: stay on the fallback time.
      this.emitter.emitAt(draft, EPOCH);
      return;
    }
    state.pending.push({ at: at ?? null, event: draft as unknown as Json });
  }

  /** Starts the session once its first conversation line and a timestamp are known (or too much waits). */
  startIfReady(): void {
    const state = this.state;
    if (state.started) return;
    if (state.start !== null && state.firstTimestamp !== null) this.start(state.firstTimestamp);
    else if (state.pending.length >= MAX_PENDING_EVENTS) this.start(state.firstTimestamp ?? EPOCH);
  }

  /** flush(): starts the session with what is known, if anything is waiting. */
  startNow(fallbackSessionId: () => ClaudeState["start"]): void {
    const state = this.state;
    if (state.started || (state.start === null && state.pending.length === 0)) return;
    state.start ??= fallbackSessionId();
    this.start(state.firstTimestamp ?? EPOCH);
  }

  private start(at: string): void {
    const state = this.state;
    const start = state.start;
    if (start === null) return;
    const { identity } = start;
    const meta = identity.subagent ? this.readMeta() : undefined;
    this.checkpoint.session = {
      sessionId: identity.sessionId,
      agentType: "claude_code",
      ...(identity.parentSessionId !== null ? { parentSessionId: identity.parentSessionId } : {}),
    };
    this.emitter.emit({
      type: "session_start",
      emitted_at: at,
      data: compact({
        agent_type: "claude_code",
        agent_version: start.version ?? "unknown",
        working_directory: start.cwd ?? undefined,
        git_branch: start.gitBranch ?? undefined,
        parent_session_id: identity.parentSessionId ?? undefined,
        slug: start.slug ?? undefined,
        agent_id: identity.agentId ?? undefined,
        agent_name: meta?.agentType,
        agent_description: meta?.description,
      }),
    });
    if (meta?.toolUseId !== undefined) {
      this.emitter.emit({
        type: "metadata",
        emitted_at: at,
        data: { spawned_by_tool_use_id: meta.toolUseId },
      });
    }
    state.started = true;
    const pending = state.pending;
    state.pending = [];
    for (const { at: eventAt, event } of pending) {
      this.emitter.emitAt(event as unknown as DraftEvent, eventAt ?? at);
    }
  }

  /** The sub-agent's `.meta.json` sidecar (agentType, description, toolUseId), when the caller passed it. */
  private readMeta(): { agentType?: string; description?: string; toolUseId?: string } | undefined {
    const raw = this.file.sidecars?.[metaSidecarPath(this.file.path)];
    if (raw === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.warnings.push({ line: 0, kind: "invalid_record", message: "sub-agent .meta.json is not JSON" });
      return undefined;
    }
    const meta = subagentMetaSchema.safeParse(value);
    if (!meta.success) return undefined;
    return compact({
      agentType: cleanName(meta.data.agentType),
      description: typeof meta.data.description === "string" ? cleanText(meta.data.description) : undefined,
      toolUseId: cleanName(meta.data.toolUseId),
    });
  }
}
