// Gemini CLI's append-only chat log (`~/.gemini/tmp/<hash>/chats/session-*.jsonl`, sub-agents in
// `chats/<parent id>/<id>.jsonl`). A message is re-appended in full each time it changes (tokens, tool call
// results), so the newest message is held back until a record with another id arrives (or flush()); the last
// record of an id wins. `$set` patches header fields. `$rewindTo` takes a message and everything after it out of
// Gemini's conversation; here nothing is taken back (history is append-only, DESIGN §5): the rewound messages stay
// sent and counted, and a `rewinds` metadata entry names the range of their events' sequences (decision 0028).
// Re-appends are nearly half of a chat's bytes, so a line that starts as a re-append of the held message (Gemini
// CLI writes `{"id":...` first) is kept unparsed until the next line: only the last version of a message is parsed
// (decision 0014).
import { initialCheckpoint } from "../checkpoint";
import { parseJsonObjectLine, readLines } from "../lines";
import { RecentList } from "../recent-list";
import {
  type AgentLogParser,
  type ParseOutput,
  type ParserCheckpoint,
  type ParseWarning,
  type SourceFile,
} from "../types";
import { boundedId, boundedText } from "./bounds";
import { isSetRecord } from "./guards";
import { probeGeminiJsonl } from "./probe";
import { headerSchema, isoTimestamp, rewindRecordSchema, setRecordSchema, textOf } from "./records";
import { EPOCH, GeminiSession, type PendingRecord } from "./session";
import { type GeminiJsonlState, initialCommonState, storeRecord } from "./state";

/** Ids of sent messages remembered to recognize late updates (Gemini only ever updates its newest message). */
const RECENT_IDS = 512;
/** Messages remembered with their first sequence, for the range a rewind names. */
const MAX_TURNS = 1024;
/** Records kept waiting for a first timestamp before giving up and using the epoch. */
const MAX_EARLY = 64;

export function initialJsonlState(): GeminiJsonlState {
  return { ...initialCommonState(), early: [], recent: [], firstTurnId: null, newer: null, turns: [] };
}

class JsonlReader {
  private readonly state: GeminiJsonlState;
  private readonly early: PendingRecord[];
  /** The state's `recent` ids. */
  private readonly recent: RecentList;
  /** Lines that are not JSON objects: reported before the records' warnings. */
  private readonly lineWarnings: ParseWarning[] = [];
  /** How a re-append of the held message starts, for the held id it was made for. */
  private reappendPrefix = { id: "", prefix: "" };

  constructor(private readonly session: GeminiSession<GeminiJsonlState>) {
    this.state = session.state;
    this.recent = new RecentList(this.state.recent, RECENT_IDS);
    this.early = this.state.early.map((stored) => ({
      line: stored.line,
      id: stored.id,
      value: stored.record,
    }));
  }

  /** Takes one line as written: a re-append of the held message waits unparsed for the next line. */
  acceptLine(line: number, raw: string): void {
    const held = this.session.held;
    if (held !== null && raw.startsWith(this.reappendPrefixOf(held.id))) {
      this.state.newer = { line, raw };
      return;
    }
    this.parseNewer();
    const record = parseJsonObjectLine(line, raw, this.session.checkpoint.stats, this.lineWarnings);
    if (record !== null) this.accept(line, record);
  }

  /**
   * Parses the newest re-append of the held message, now known to be its last version, and takes it as any other
   * record (a version that turns out not to be a valid message is warned about, and the held one stays).
   */
  private parseNewer(): void {
    // Absent in checkpoints saved before this field existed.
    const newer = this.state.newer as GeminiJsonlState["newer"] | undefined;
    if (newer === null || newer === undefined) return;
    this.state.newer = null;
    const record = parseJsonObjectLine(
      newer.line,
      newer.raw,
      this.session.checkpoint.stats,
      this.lineWarnings,
    );
    if (record !== null) this.accept(newer.line, record);
  }

  private reappendPrefixOf(id: string): string {
    if (this.reappendPrefix.id !== id) this.reappendPrefix = { id, prefix: `{"id":${JSON.stringify(id)},` };
    return this.reappendPrefix.prefix;
  }

  /** Takes one record; records before any timestamp wait (bounded) so their events get a real time. */
  private accept(line: number, value: Record<string, unknown>): void {
    if (this.state.lastTimestamp === null) {
      const own = recordTimestamp(value);
      if (own === null && this.early.length < MAX_EARLY) {
        this.early.push({ line, id: "", value });
        return;
      }
      this.state.lastTimestamp = own ?? EPOCH;
      this.drainEarly();
    }
    this.process(line, value);
  }

  flush(): void {
    this.parseNewer();
    if (this.early.length > 0) {
      this.state.lastTimestamp ??= EPOCH;
      this.drainEarly();
    }
    if (this.session.held !== null) {
      this.ensureStarted();
      this.releaseHeld();
    }
  }

  finish(): ParseOutput<GeminiJsonlState> {
    this.recent.compact();
    this.state.early = [];
    for (const record of this.early) {
      const stored = storeRecord(record.line, record.id, record.value);
      if (stored !== null) this.state.early.push(stored);
    }
    const output = this.session.finish();
    // Lines that were not JSON objects are reported first.
    output.warnings = this.lineWarnings.concat(output.warnings);
    return output;
  }

  private drainEarly(): void {
    const early = this.early.splice(0);
    for (const record of early) this.process(record.line, record.value);
  }

  private process(line: number, value: Record<string, unknown>): void {
    if ("$rewindTo" in value) this.rewind(line, value);
    else if ("$set" in value) this.patch(line, value);
    else if ("id" in value) this.message(line, value);
    else if ("sessionId" in value) this.header(line, value);
    else {
      const type = typeof value.type === "string" && value.type !== "" ? value.type : "(no type)";
      this.session.unknownType(line, type);
    }
  }

  private ensureStarted(): void {
    if (!this.session.started) this.session.start(null, null);
  }

  private header(line: number, value: Record<string, unknown>): void {
    const parsed = headerSchema.safeParse(value);
    if (!parsed.success) {
      this.session.warn(line, "invalid_record", "header record with an unexpected shape; skipped");
      return;
    }
    if (!this.session.started) {
      this.session.start(parsed.data, null);
      return;
    }
    // A second header (a resumed or migrated session): what changed is metadata.
    const { sessionId: _id, projectHash: _hash, kind: _kind, ...fields } = value;
    const data = this.session.headerPatch(fields);
    if (Object.keys(data).length > 0) this.session.metadata(data, this.session.see(value.lastUpdated));
  }

  private message(line: number, value: Record<string, unknown>): void {
    this.ensureStarted();
    this.session.see(value.timestamp);
    const message = this.session.validate(line, value);
    if (message === null) return;
    const held = this.session.held;
    if (held !== null && held.id === message.id) {
      // A newer version of the held message replaces it.
      held.line = line;
      held.value = value;
      held.message = message;
      return;
    }
    if (this.recent.has(message.id)) {
      const { sent, lateTokens } = this.session.continueResponse(message);
      if (!sent || lateTokens) {
        this.session.warn(
          line,
          "ignored_update",
          `update of message ${message.id} after it was sent${lateTokens ? " (its token counts are lost)" : ""}`,
        );
      }
      return;
    }
    this.releaseHeld();
    this.session.held = { line, id: message.id, value, message };
  }

  private releaseHeld(): void {
    const held = this.session.held;
    if (held === null) return;
    this.session.held = null;
    const first = this.session.nextSequence;
    const message = this.session.emitMessage(held.line, held.value, held.message);
    if (message === null) return;
    this.recent.push(message.id);
    if (this.session.nextSequence > first) this.rememberTurn(message.id, first);
    if (this.state.firstTurnId === null && (message.type === "user" || message.type === "gemini")) {
      this.state.firstTurnId = message.id;
    }
  }

  private rewind(line: number, value: Record<string, unknown>): void {
    const parsed = rewindRecordSchema.safeParse(value);
    if (!parsed.success) {
      this.session.warn(line, "invalid_record", "$rewindTo is not a message id; skipped");
      return;
    }
    this.ensureStarted();
    const target = parsed.data.$rewindTo;
    const at = this.session.now();
    // The held message was typed or paid for too: it is sent like any other, then named as rewound.
    this.releaseHeld();
    const turns = this.turns();
    let position = turns.length - 1;
    while (position >= 0 && turns[position]?.id !== target) position -= 1;
    const rewind: { [key: string]: string | number } = {
      to_message_id: boundedId(target, "unknown"),
      occurred_at: at,
    };
    const first = turns[position]?.sequence;
    const last = this.session.nextSequence - 1;
    // A message not remembered (never sent, or too old) gives no range: nothing is named rather than too much.
    if (first !== undefined && first <= last) {
      rewind.first_sequence = first;
      rewind.last_sequence = last;
    }
    if (position >= 0) turns.splice(position);
    this.session.metadata({ rewinds: [rewind] }, at);
    const index = this.recent.indexOf(target);
    const removed = this.recent.truncate(index >= 0 ? index : 0);
    if (this.state.open !== null && (index < 0 || removed.includes(this.state.open.id)))
      this.state.open = null;
    const firstTurn = this.state.firstTurnId;
    if (firstTurn !== null && (index < 0 || removed.includes(firstTurn))) this.state.firstTurnId = null;
  }

  /** The state's turns (absent in checkpoints saved before they existed). */
  private turns(): GeminiJsonlState["turns"] {
    const turns = this.state.turns as GeminiJsonlState["turns"] | undefined;
    if (turns === undefined) this.state.turns = [];
    return this.state.turns;
  }

  private rememberTurn(id: string, sequence: number): void {
    const turns = this.turns();
    turns.push({ id, sequence });
    // Cut in halves rather than one by one: a shift per message would move the whole list each time.
    if (turns.length > MAX_TURNS) turns.splice(0, MAX_TURNS / 2);
  }

  private patch(line: number, value: Record<string, unknown>): void {
    if (!isSetRecord(value)) {
      this.session.warn(line, "invalid_record", "$set is not an object; skipped");
      return;
    }
    this.ensureStarted();
    // The fields as zod's copy gives them, which drops a `__proto__` key: only a record with one pays for the copy.
    const fields = Object.hasOwn(value.$set, "__proto__") ? setRecordSchema.parse(value).$set : value.$set;
    const at = this.session.see(fields.lastUpdated);
    if (Array.isArray(fields.messages)) this.contextReplaced(fields.messages, at);
    const data = this.session.headerPatch(fields);
    if (Object.keys(data).length > 0) this.session.metadata(data, at);
  }

  /**
   * `$set.messages` replaces the model's context: at start-up, after masking tool outputs, after rolling back an
   * aborted turn, and after a compression. Only a compression drops the first turn of the context, so that is
   * what marks a compaction (a new epoch); its summary is the text of the new first (synthetic) turn.
   */
  private contextReplaced(messages: unknown[], at: string): void {
    const ids: string[] = [];
    for (const message of messages) {
      if (
        typeof message === "object" &&
        message !== null &&
        "id" in message &&
        typeof message.id === "string"
      ) {
        ids.push(message.id);
      }
    }
    const first = this.state.firstTurnId;
    if (first === null || ids.length === 0 || ids.includes(first)) return;
    // The response before the compression belongs to the old context: send it first.
    this.releaseHeld();
    const compaction: { [key: string]: string | number } = { occurred_at: at };
    if (this.state.lastInputTokens !== null) compaction.pre_tokens = this.state.lastInputTokens;
    const head: unknown = messages[0];
    const summary =
      typeof head === "object" && head !== null && "content" in head ? textOf(head.content).trim() : "";
    if (summary !== "" && ids[0] !== undefined && !this.recent.has(ids[0])) {
      compaction.summary = boundedText(summary);
    }
    this.session.metadata({ compaction }, at);
    this.state.firstTurnId = ids[0] ?? null;
  }
}

/** The timestamp a record carries: a message's own, a header's start, a patch's lastUpdated. */
function recordTimestamp(value: Record<string, unknown>): string | null {
  const own =
    isoTimestamp(value.timestamp) ?? isoTimestamp(value.startTime) ?? isoTimestamp(value.lastUpdated);
  if (own !== null) return own;
  const patch = value.$set;
  if (typeof patch === "object" && patch !== null && "lastUpdated" in patch)
    return isoTimestamp(patch.lastUpdated);
  return null;
}

export const geminiParser: AgentLogParser<GeminiJsonlState> = {
  format: "gemini",
  layout: "append",
  probe: probeGeminiJsonl,
  initial(): ParserCheckpoint<GeminiJsonlState> {
    return initialCheckpoint(initialJsonlState());
  },
  parse(bytes: Uint8Array, checkpoint: ParserCheckpoint<GeminiJsonlState>, file: SourceFile) {
    const session = new GeminiSession(checkpoint, file);
    const current = session.checkpoint;
    const reader = new JsonlReader(session);
    const read = readLines(bytes, current.line, current.stats, (line, raw) => reader.acceptLine(line, raw));
    current.offset += read.consumedBytes;
    current.line += read.consumedLines;
    return reader.finish();
  },
  flush(checkpoint: ParserCheckpoint<GeminiJsonlState>, file: SourceFile) {
    const reader = new JsonlReader(new GeminiSession(checkpoint, file));
    reader.flush();
    return reader.finish();
  },
};
