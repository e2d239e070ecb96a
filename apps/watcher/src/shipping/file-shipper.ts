// Ships one log file: reads what is new since its checkpoint, parses it, redacts it, sends it, and saves the new
// checkpoint only after the server accepted the events (DESIGN §5: advance only on a 202; the log file on disk
// is the spool). Used by `catsyphon ingest` (once) and `catsyphon watch` (on every change).
import { createHash } from "node:crypto";
import { open, readFile, stat } from "node:fs/promises";

import {
  type AgentLogParser,
  type ParsedEvent,
  type ParserCheckpoint,
  parserFor,
  PARSERS,
  PROBE_BYTES,
  type SourceFile,
  toProtocolEvent,
} from "@catsyphon/parsers";
import { type ProtocolEvent } from "@catsyphon/protocol";
import { type CatSyphonClient, CatSyphonSessionConflictError, type SessionWriter } from "@catsyphon/sdk";

import { redactJson } from "@catsyphon/redaction";
import { isExcluded } from "../sources/discover";
import { geminiProjectRoot } from "../sources/gemini-project";
import { type ProgressStore } from "../state/state-store";
import { type TrackedFile } from "../state/tracked-file";

/** Bytes read per step; doubled while a single line does not fit. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** A line longer than this cannot be read (the protocol caps an event far below it). */
const MAX_LINE_BYTES = 256 * 1024 * 1024;
/** Bytes at the start of a file whose hash tells a grown file from a replaced one. */
const PREFIX_BYTES = 4096;

export interface ShipperOptions {
  client: CatSyphonClient;
  store: ProgressStore;
  redact: boolean;
  excludes: readonly string[];
  /** A session whose file has not changed for this long is flushed and marked complete. */
  idleMs: number;
  now?: () => number;
  /** Called after each accepted step with the events and bytes it covered. */
  onProgress?: (progress: { path: string; events: number; bytes: number }) => void;
}

export interface ShipResult {
  path: string;
  sessionId: string | null;
  /** Events sent in this call (the server may have counted some as duplicates). */
  sent: number;
  /** Why nothing was read: not a log, excluded, missing. */
  skipped?: "not_a_log" | "excluded" | "missing";
  completed: boolean;
}

/** The server is behind what this file's checkpoint says it has: re-read the file from its start. */
class RewindNeeded extends Error {}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readSidecars(path: string): Promise<Record<string, string>> {
  if (!path.endsWith(".jsonl")) return {};
  const meta = `${path.slice(0, -".jsonl".length)}.meta.json`;
  try {
    return { [meta]: await readFile(meta, "utf8") };
  } catch {
    return {};
  }
}

/**
 * What the parser is told about a file besides its bytes: its sidecars, and for a Gemini chat the project root
 * Gemini CLI keeps beside the chats folder (the chat does not name it).
 */
async function sourceFileOf(path: string): Promise<SourceFile> {
  const file: SourceFile = { path, sidecars: await readSidecars(path) };
  const projectRoot = await geminiProjectRoot(path);
  if (projectRoot !== undefined) file.projectRoot = projectRoot;
  return file;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An event the server would refuse (too big for a batch, or invalid) still takes its sequence number, so the
 * numbering stays the file's: it is sent as a metadata note instead of being lost silently.
 */
function placeholderFor(event: ParsedEvent, reason: string, observedAt: string): ProtocolEvent {
  return toProtocolEvent(
    {
      sequence: event.sequence,
      type: "metadata",
      emitted_at: event.emitted_at,
      data: { dropped_event: { type: event.type, reason: reason.slice(0, 500) } },
    },
    observedAt,
  );
}

/** The one-line explanation of a session conflict, for `status` and `ingest`. */
export function conflictText(sessionId: string, sequence: number): string {
  return (
    `session conflict: the server already holds different events of session ${sessionId} at sequence ` +
    `${sequence}: another file or machine sends this session id (see the README, "Session conflicts")`
  );
}

/** 409 session_conflict for one file's session (the SDK's error, with the session id it was about). */
export class SessionConflict extends Error {
  constructor(
    readonly sessionId: string,
    readonly firstConflictingSequence: number,
    readonly lastSequence: number,
    options: { cause: unknown },
  ) {
    super(conflictText(sessionId, firstConflictingSequence), options);
    this.name = "SessionConflict";
  }
}

export class FileShipper {
  private readonly writers = new Map<string, SessionWriter>();
  /** The file whose events each open writer carries, and the server's last sequence when it was opened. */
  private readonly owners = new Map<string, { path: string; serverLast: number }>();
  /** Sends of one session, one at a time: two files of one session id must not share a writer mid-step. */
  private readonly sessionTurns = new Map<string, Promise<unknown>>();
  /** Sessions whose server-side position a 409 revealed to be behind: sessionId -> server's last sequence. */
  private readonly gaps = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: ShipperOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Sends what is new in `path`. With `final`, also releases what the parser held back and completes the
   * session when the file is idle (a one-shot ingest); otherwise that happens in `completeIfIdle`.
   */
  async ship(path: string, { final = false }: { final?: boolean } = {}): Promise<ShipResult> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return { path, sessionId: null, sent: 0, skipped: "missing", completed: false };
    let tracked = await this.options.store.get(path);
    if (isExcluded(path, this.options.excludes) || tracked?.excluded) {
      return {
        path,
        sessionId: tracked?.checkpoint?.session?.sessionId ?? null,
        sent: 0,
        skipped: "excluded",
        completed: false,
      };
    }
    const parser = await this.parserOf(path, tracked, info.size);
    if (!parser) {
      if (info.size > 0) await this.options.store.put(this.untracked(path, info.size, info.mtimeMs, tracked));
      return { path, sessionId: null, sent: 0, skipped: "not_a_log", completed: false };
    }
    const file = await sourceFileOf(path);
    tracked = tracked?.format === parser.format && tracked.layout === parser.layout ? tracked : null;
    let state = tracked ?? this.fresh(path, parser, file, info.size, info.mtimeMs);
    state = { ...(await this.resetIfRewritten(state, parser, file, info.size)), mtimeMs: info.mtimeMs };
    try {
      let sent: number;
      try {
        sent = await this.readNew(state, parser, file, info.size);
      } catch (error) {
        if (!(error instanceof RewindNeeded)) throw error;
        // Re-read from the start: the writer skips what the server already has.
        state = { ...state, checkpoint: parser.initial(file), prefixHash: null, prefixLength: 0 };
        sent = await this.readNew(state, parser, file, info.size);
      }
      state = (await this.options.store.get(path)) ?? state;
      if (state.excluded) return { path, sessionId: null, sent, skipped: "excluded", completed: false };
      const idle = this.isIdle(info.mtimeMs);
      const completed = final || idle ? await this.finish(state, parser, file, idle) : false;
      return { path, sessionId: state.checkpoint?.session?.sessionId ?? null, sent, completed };
    } catch (error) {
      const latest = (await this.options.store.get(path)) ?? state;
      await this.options.store.put({
        ...latest,
        failures: latest.failures + 1,
        lastError: errorText(error),
        lastErrorAt: this.now(),
        conflict:
          error instanceof SessionConflict
            ? {
                sessionId: error.sessionId,
                firstConflictingSequence: error.firstConflictingSequence,
                lastSequence: error.lastSequence,
              }
            : latest.conflict,
        updatedAt: this.now(),
      });
      throw error;
    }
  }

  /** Flushes and completes the file's session when its file has been idle long enough (watch mode). */
  async completeIfIdle(path: string): Promise<boolean> {
    const tracked = await this.options.store.get(path);
    if (!tracked?.format || !tracked.checkpoint || tracked.excluded) return false;
    const info = await stat(path).catch(() => null);
    if (!info || !this.isIdle(info.mtimeMs) || info.size !== tracked.size) return false;
    const parser = PARSERS.find((p) => p.format === tracked.format && p.layout === tracked.layout);
    if (!parser) return false;
    return this.finish(tracked, parser, await sourceFileOf(path), true);
  }

  /**
   * A tracked file that is gone (deleted, or renamed away): nothing more can come from it, so what its parser still
   * held is sent and its session completed (unless it was), then the file is forgotten. False while it exists.
   * Throws, keeping the file tracked, when the server cannot take the completion (the next pass tries again).
   */
  async forgetIfMissing(path: string): Promise<boolean> {
    try {
      await stat(path);
      return false;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Only a file that is certainly gone: a permission or I/O error may pass.
      if (code !== "ENOENT" && code !== "ENOTDIR") return false;
    }
    const tracked = await this.options.store.get(path);
    // A file refused as a second source of its session id has nothing the server would take.
    if (tracked?.format && tracked.checkpoint && !tracked.excluded && !tracked.conflict) {
      const parser = PARSERS.find((p) => p.format === tracked.format && p.layout === tracked.layout);
      if (parser) await this.finish(tracked, parser, { path, sidecars: {} }, true);
    }
    await this.options.store.remove(path);
    return true;
  }

  /** Sends whatever is still buffered and forgets the writers. */
  async close(): Promise<void> {
    const writers = [...this.writers.values()];
    this.writers.clear();
    this.owners.clear();
    await Promise.all(writers.map((writer) => writer.close()));
  }

  private isIdle(mtimeMs: number): boolean {
    return this.now() - mtimeMs >= this.options.idleMs;
  }

  private async parserOf(
    path: string,
    tracked: TrackedFile | null,
    size: number,
  ): Promise<AgentLogParser | null> {
    if (tracked?.format) {
      const known = PARSERS.find((p) => p.format === tracked.format && p.layout === tracked.layout);
      if (known) return known;
    }
    // An unclaimed file is probed again only when it changed size (it may have been empty or half-written).
    if (tracked && tracked.format === null && tracked.size === size) return null;
    const head = await readRange(path, 0, Math.min(size, PROBE_BYTES));
    return parserFor(path, head.toString("utf8"));
  }

  private untracked(path: string, size: number, mtimeMs: number, previous: TrackedFile | null): TrackedFile {
    return {
      ...(previous ?? this.blank(path)),
      format: null,
      layout: null,
      checkpoint: null,
      size,
      mtimeMs,
      updatedAt: this.now(),
    };
  }

  private blank(path: string): TrackedFile {
    return {
      path,
      format: null,
      layout: null,
      checkpoint: null,
      size: 0,
      mtimeMs: 0,
      prefixHash: null,
      prefixLength: 0,
      ackedSequence: 0,
      completedSequence: null,
      excluded: false,
      failures: 0,
      lastError: null,
      lastErrorAt: null,
      conflict: null,
      updatedAt: this.now(),
    };
  }

  private fresh(
    path: string,
    parser: AgentLogParser,
    file: SourceFile,
    size: number,
    mtimeMs: number,
  ): TrackedFile {
    return {
      ...this.blank(path),
      format: parser.format,
      layout: parser.layout,
      checkpoint: parser.initial(file),
      size,
      mtimeMs,
    };
  }

  /** A file that shrank, or whose first bytes changed, was truncated or replaced: read it again from the start. */
  private async resetIfRewritten(
    state: TrackedFile,
    parser: AgentLogParser,
    file: SourceFile,
    size: number,
  ): Promise<TrackedFile> {
    if (parser.layout !== "append" || !state.checkpoint) return state;
    let rewritten = size < state.checkpoint.offset;
    if (!rewritten && state.prefixHash !== null && state.prefixLength > 0) {
      rewritten = sha256(await readRange(file.path, 0, state.prefixLength)) !== state.prefixHash;
    }
    if (!rewritten) return state;
    return {
      ...state,
      checkpoint: parser.initial(file),
      prefixHash: null,
      prefixLength: 0,
      completedSequence: null,
    };
  }

  /** Reads, parses and sends everything new; returns the number of events sent. */
  private async readNew(
    state: TrackedFile,
    parser: AgentLogParser,
    file: SourceFile,
    size: number,
  ): Promise<number> {
    let checkpoint = state.checkpoint ?? parser.initial(file);
    let sent = 0;
    if (parser.layout === "document") {
      const bytes = await readFile(file.path);
      const output = parser.parse(bytes, checkpoint, file);
      sent += await this.sendStep(state, output.events, output.checkpoint, bytes.length, size);
      return sent;
    }
    let length = CHUNK_BYTES;
    while (checkpoint.offset < size) {
      const want = Math.min(length, size - checkpoint.offset);
      const bytes = await readRange(file.path, checkpoint.offset, want);
      const output = parser.parse(bytes, checkpoint, file);
      if (output.checkpoint.offset === checkpoint.offset) {
        // No complete line in this window: a half-written last line (wait), or a line longer than the window.
        if (checkpoint.offset + want >= size || length >= MAX_LINE_BYTES) break;
        length *= 2;
        continue;
      }
      length = CHUNK_BYTES;
      const consumed = output.checkpoint.offset - checkpoint.offset;
      sent += await this.sendStep(state, output.events, output.checkpoint, consumed, size);
      checkpoint = output.checkpoint;
      state = (await this.options.store.get(file.path)) ?? state;
      if (state.excluded) break;
    }
    return sent;
  }

  /** Sends one step's events and, once they are accepted, saves the checkpoint that follows them. */
  private async sendStep(
    state: TrackedFile,
    events: ParsedEvent[],
    checkpoint: ParserCheckpoint,
    consumedBytes: number,
    size: number,
  ): Promise<number> {
    const start = events.find((event) => event.type === "session_start");
    const workingDirectory = start?.type === "session_start" ? start.data.working_directory : undefined;
    if (workingDirectory && isExcluded(workingDirectory, this.options.excludes)) {
      await this.options.store.put({ ...state, excluded: true, updatedAt: this.now() });
      return 0;
    }
    let acked = state.ackedSequence;
    let appended = 0;
    if (events.length > 0) {
      const session = checkpoint.session;
      if (!session) throw new Error(`parser produced events without a session for ${state.path}`);
      ({ acked, appended } = await this.send(session.sessionId, events, state));
    }
    const prefixLength = Math.min(PREFIX_BYTES, checkpoint.offset);
    const prefix =
      state.layout === "append" && prefixLength > 0 ? await readRange(state.path, 0, prefixLength) : null;
    await this.options.store.put({
      ...state,
      checkpoint,
      size,
      prefixHash: prefix ? sha256(prefix) : null,
      prefixLength: prefix ? prefix.length : 0,
      ackedSequence: Math.max(acked, state.ackedSequence),
      failures: 0,
      lastError: null,
      lastErrorAt: null,
      conflict: null,
      updatedAt: this.now(),
    });
    this.options.onProgress?.({ path: state.path, events: appended, bytes: consumedBytes });
    return appended;
  }

  /**
   * The session's writer for this file's events, and the server's last sequence when it was opened. Opened once per session and process, where the server is, so nothing it has is sent
   * again (decision 0025), except one event: when the server holds events this file has not sent itself (as far
   * as its state knows), the last of them that the file also has goes along, and the server compares it; a second
   * source of the session id gets 409 session_conflict there instead of being dropped as duplicates in silence.
   * A file the watcher itself saw replaced or rewritten sent those sequences itself, so it is never compared.
   */
  private async writerFor(
    sessionId: string,
    events: readonly ParsedEvent[],
    state: TrackedFile,
  ): Promise<{ writer: SessionWriter; serverLast: number }> {
    const existing = this.writers.get(sessionId);
    const owner = this.owners.get(sessionId);
    if (existing && owner?.path === state.path) return { writer: existing, serverLast: owner.serverLast };
    if (existing) {
      // Another file of this process sends the same session id: this one starts as any second source would.
      this.writers.delete(sessionId);
      await existing.close();
    }
    const status = await this.options.client.getSession(sessionId);
    const serverLast = status?.last_sequence ?? 0;
    const probe = Math.min(serverLast, events.at(-1)?.sequence ?? 0);
    const compare = probe > state.ackedSequence && probe >= (events[0]?.sequence ?? Infinity);
    const writer = this.options.client.session(sessionId, {
      startSequence: compare ? probe : serverLast + 1,
      onSequenceReset: (info) => {
        this.gaps.set(sessionId, info.serverLastSequence);
        return "discard";
      },
    });
    this.writers.set(sessionId, writer);
    this.owners.set(sessionId, { path: state.path, serverLast });
    return { writer, serverLast };
  }

  /**
   * Sends events (in sequence order) of one session, skipping those the server has; returns the server's last
   * acknowledged sequence and how many new events were sent (an event sent only to be compared is not counted).
   */
  private async send(
    sessionId: string,
    events: ParsedEvent[],
    state: TrackedFile,
  ): Promise<{ acked: number; appended: number }> {
    const previous = this.sessionTurns.get(sessionId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.sendInTurn(sessionId, events, state));
    this.sessionTurns.set(sessionId, turn);
    try {
      return await turn;
    } finally {
      if (this.sessionTurns.get(sessionId) === turn) this.sessionTurns.delete(sessionId);
    }
  }

  private async sendInTurn(
    sessionId: string,
    events: ParsedEvent[],
    state: TrackedFile,
  ): Promise<{ acked: number; appended: number }> {
    const { writer, serverLast } = await this.writerFor(sessionId, events, state);
    const observedAt = new Date(this.now()).toISOString();
    let appended = 0;
    for (const event of events) {
      if (event.sequence < writer.nextSequence) continue; // the server has it already
      if (event.sequence > writer.nextSequence) throw new RewindNeeded();
      writer.append(this.wireEvent(event, observedAt));
      if (event.sequence > serverLast) appended += 1;
    }
    try {
      await writer.flush();
    } catch (error) {
      if (error instanceof CatSyphonSessionConflictError) {
        // Its events were dropped; the next pass opens a writer and compares again.
        this.writers.delete(sessionId);
        this.owners.delete(sessionId);
        await writer.close();
        throw new SessionConflict(sessionId, error.firstConflictingSequence, error.lastSequence, {
          cause: error,
        });
      }
      throw error;
    }
    if (this.gaps.has(sessionId)) {
      this.gaps.delete(sessionId);
      throw new RewindNeeded();
    }
    return { acked: writer.lastAcknowledgedSequence, appended };
  }

  private wireEvent(event: ParsedEvent, observedAt: string): ProtocolEvent {
    const data = this.options.redact ? redactJson(event.data) : event.data;
    try {
      return toProtocolEvent({ ...event, data } as ParsedEvent, observedAt);
    } catch (error) {
      return placeholderFor(event, errorText(error), observedAt);
    }
  }

  /**
   * Releases what the parser held back and sends it; with `complete`, marks the session complete (outcome
   * unknown) unless it already is up to its last event. Returns whether it was completed now.
   */
  private async finish(
    state: TrackedFile,
    parser: AgentLogParser,
    file: SourceFile,
    complete: boolean,
  ): Promise<boolean> {
    if (!state.checkpoint) return false;
    const flushed = parser.flush(state.checkpoint, file);
    if (flushed.events.length > 0) {
      await this.sendStep(state, flushed.events, flushed.checkpoint, 0, state.size);
      state = (await this.options.store.get(file.path)) ?? state;
    }
    if (!complete) return false;
    const session = state.checkpoint?.session;
    const last = (state.checkpoint?.nextSequence ?? 1) - 1;
    if (!session || last === 0 || state.completedSequence === last) return false;
    await this.options.client.completeSession(session.sessionId, { outcome: "unknown" });
    await this.options.store.put({ ...state, completedSequence: last, updatedAt: this.now() });
    return true;
  }
}
