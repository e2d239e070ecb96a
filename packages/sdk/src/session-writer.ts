// One session's event stream: numbers events, validates them before they are buffered, and sends them in
// order, one batch in flight at a time, recovering from 409 sequence_gap by continuing where the server is.
import {
  type EventBatchAccepted,
  type EventType,
  type ProtocolEventInput,
  type SessionStatus,
  type eventDataSchemas,
  protocolEventSchema,
  zodIssuesToDetails,
} from "@catsyphon/protocol";
import { type z } from "zod";

import {
  type BatchLimits,
  type SerializedEventBody,
  batchEnvelope,
  eventByteLength,
  eventJson,
  planBatch,
  serializeEventBody,
  worstCaseEventByteLength,
} from "./batching";
import {
  CatSyphonApiError,
  CatSyphonError,
  CatSyphonResponseError,
  CatSyphonSequenceGapError,
  CatSyphonSessionConflictError,
  CatSyphonValidationError,
} from "./errors";
import { type SdkLogger } from "./logger";

/** What a caller may pass as the `data` of an event of type `T` (agent_type in any spelling, extra fields kept). */
export type EventDataInput<T extends EventType> = z.input<(typeof eventDataSchemas)[T]>;
export type SessionStartInput = EventDataInput<"session_start">;
export type SessionEndInput = EventDataInput<"session_end">;
export type MessageInput = EventDataInput<"message">;
export type ToolCallInput = EventDataInput<"tool_call">;
export type ToolResultInput = EventDataInput<"tool_result">;
export type ThinkingInput = EventDataInput<"thinking">;
export type ErrorInput = EventDataInput<"error">;
export type MetadataInput = EventDataInput<"metadata">;

export interface EventOptions {
  /** When the agent produced the event; defaults to now. A string must be ISO 8601 with an offset. */
  emittedAt?: Date | string;
  /** Optional hex digest identifying the source record. */
  eventHash?: string;
}

export interface SequenceResetInfo {
  sessionId: string;
  /** The server's last accepted sequence: the writer continues at this + 1. */
  serverLastSequence: number;
  /** The sequence the writer tried to continue with (first unacknowledged event, or its next number). */
  previousNext: number;
}

/**
 * What to do with the unacknowledged events after a sequence gap. `renumber` (the default): keep them and
 * renumber them to continue at serverLastSequence + 1. `discard`: drop them and continue numbering at
 * serverLastSequence + 1, for a caller that re-reads its source and sends the missing events itself.
 */
export type SequenceResetAction = "renumber" | "discard";

/** Called synchronously during a flush; it must not write to the session (schedule that for later). */
export type SequenceResetHandler = (info: SequenceResetInfo) => SequenceResetAction | void;

export interface SessionOptions {
  /** Sequence of the first event this writer emits (default 1): the server's last sequence + 1 when resuming. */
  startSequence?: number;
  /** Overrides the client's onSequenceReset for this session. */
  onSequenceReset?: SequenceResetHandler;
}

/** The parts of the client a writer uses. */
export interface SessionHost {
  readonly limits: BatchLimits;
  readonly logger: SdkLogger | undefined;
  readonly onSequenceReset: SequenceResetHandler | undefined;
  postBatch(sessionId: string, body: string): Promise<EventBatchAccepted>;
  fetchSession(sessionId: string): Promise<SessionStatus | null>;
  /** Throws when the client is closed. */
  assertOpen(): void;
  eventBuffered(writer: SessionWriter): void;
  writerClosed(writer: SessionWriter): void;
}

interface BufferedEvent {
  /** Position in the order of writes; unlike `sequence`, never changed by renumbering. */
  ordinal: number;
  sequence: number;
  body: SerializedEventBody;
}

/** Gap recoveries in a row without an accepted batch before a flush gives up (the server keeps moving). */
const MAX_GAP_RECOVERIES = 3;

export class SessionWriter {
  readonly sessionId: string;
  private readonly host: SessionHost;
  private readonly onSequenceReset: SequenceResetHandler | undefined;
  private readonly envelope: ReturnType<typeof batchEnvelope>;
  private buffer: BufferedEvent[] = [];
  // Events written since the last flush() call (which covers everything before it): the client's
  // flush-when-a-batch-is-full rule looks at these, so it asks once per batch, not once per event.
  private unflushed = { count: 0, bytes: 0 };
  private next: number;
  private lastAcknowledged: number;
  private ordinals = 0;
  private tail: Promise<void> = Promise.resolve();
  private inResetHandler = false;
  private closing: Promise<void> | undefined;

  /** @internal Writers come from `CatSyphonClient.session()`. */
  constructor(host: SessionHost, sessionId: string, options: SessionOptions = {}) {
    this.host = host;
    this.sessionId = sessionId;
    this.onSequenceReset = options.onSequenceReset ?? host.onSequenceReset;
    this.envelope = batchEnvelope(sessionId);
    this.next = options.startSequence ?? 1;
    this.lastAcknowledged = this.next - 1;
  }

  /** The sequence the next event gets. */
  get nextSequence(): number {
    return this.next;
  }

  /**
   * The server's last accepted sequence as of its latest answer for this session; before any answer,
   * startSequence - 1.
   */
  get lastAcknowledgedSequence(): number {
    return this.lastAcknowledged;
  }

  /** Events buffered or in flight that the server has not acknowledged yet. */
  get pending(): number {
    return this.buffer.length;
  }

  /** @internal Events written since the last flush() call. */
  get unflushedCount(): number {
    return this.unflushed.count;
  }

  /** @internal Body size a batch of the events written since the last flush() call would have. */
  get unflushedBytes(): number {
    return this.envelope.bytes + this.unflushed.bytes;
  }

  start(data: SessionStartInput, options?: EventOptions): number {
    return this.event("session_start", data, options);
  }

  message(data: MessageInput, options?: EventOptions): number {
    return this.event("message", data, options);
  }

  toolCall(data: ToolCallInput, options?: EventOptions): number {
    return this.event("tool_call", data, options);
  }

  toolResult(data: ToolResultInput, options?: EventOptions): number {
    return this.event("tool_result", data, options);
  }

  thinking(data: ThinkingInput, options?: EventOptions): number {
    return this.event("thinking", data, options);
  }

  error(data: ErrorInput, options?: EventOptions): number {
    return this.event("error", data, options);
  }

  metadata(data: MetadataInput, options?: EventOptions): number {
    return this.event("metadata", data, options);
  }

  end(data: SessionEndInput, options?: EventOptions): number {
    return this.event("session_end", data, options);
  }

  /**
   * Buffers an event of any type with the next sequence number; returns that number. Throws
   * CatSyphonValidationError (nothing buffered, no number used) when the event breaks the protocol schema.
   */
  event<T extends EventType>(type: T, data: EventDataInput<T>, options: EventOptions = {}): number {
    this.assertWritable();
    const observedAt = new Date().toISOString();
    const candidate = {
      sequence: this.next,
      type,
      emitted_at: options.emittedAt === undefined ? observedAt : toIsoString(options.emittedAt),
      observed_at: observedAt,
      ...(options.eventHash !== undefined ? { event_hash: options.eventHash } : {}),
      data,
    };
    return this.buffered(candidate, `${String(type)} event`);
  }

  /**
   * Buffers a complete protocol event (for callers that number and timestamp events themselves, such as a
   * parser replaying a log). Its `sequence` must be `nextSequence`.
   */
  append(event: ProtocolEventInput): number {
    this.assertWritable();
    if (event.sequence !== this.next) {
      throw new CatSyphonValidationError(`${event.type} event`, [
        { path: "sequence", message: `must be ${this.next}, the session's next sequence` },
      ]);
    }
    return this.buffered(event, `${event.type} event`);
  }

  /**
   * Sends everything buffered so far, in order, in as many batches as the limits require. Resolves once the
   * server has acknowledged it all; on failure the events stay buffered and a later flush sends them again
   * (except after a 409 session_conflict, which drops the unacknowledged events: they can never be accepted).
   */
  flush(): Promise<void> {
    const upTo = this.ordinals - 1;
    this.unflushed = { count: 0, bytes: 0 };
    const run = this.tail.then(() => this.drain(upTo));
    // The next flush waits for this one but not for its success.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Flushes and detaches the writer from its client; later writes throw. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.flush().finally(() => this.host.writerClosed(this));
    return this.closing;
  }

  private assertWritable(): void {
    this.host.assertOpen();
    if (this.closing) throw new CatSyphonError(`session ${this.sessionId} is closed`);
    if (this.inResetHandler) {
      throw new CatSyphonError(
        "onSequenceReset must not write to the session; schedule the writes for later",
      );
    }
  }

  private buffered(candidate: unknown, what: string): number {
    const parsed = protocolEventSchema.safeParse(candidate);
    if (!parsed.success) throw new CatSyphonValidationError(what, zodIssuesToDetails(parsed.error));
    const { sequence, ...rest } = parsed.data;
    const body = serializeEventBody(rest);
    const worstCase = this.envelope.bytes + worstCaseEventByteLength(body);
    if (worstCase > this.host.limits.maxBytes) {
      throw new CatSyphonValidationError(what, [
        {
          path: "",
          message: `serialized event is ${worstCase} bytes with its batch envelope, above batch.maxBytes (${this.host.limits.maxBytes})`,
        },
      ]);
    }
    this.buffer.push({ ordinal: this.ordinals++, sequence, body });
    this.unflushed.count++;
    this.unflushed.bytes += eventByteLength(sequence, body) + 1;
    this.next = sequence + 1;
    this.host.eventBuffered(this);
    return sequence;
  }

  private async drain(upToOrdinal: number): Promise<void> {
    let gapRecoveries = 0;
    for (;;) {
      const head = this.buffer[0];
      if (!head || head.ordinal > upToOrdinal) return;
      const count = planBatch(
        this.buffer.length,
        (index) => eventByteLength(this.buffer[index]?.sequence ?? 0, this.buffer[index]?.body ?? head.body),
        this.envelope.bytes,
        this.host.limits,
      );
      const batch = this.buffer.slice(0, count);
      const lastSent = batch[batch.length - 1]?.sequence ?? head.sequence;
      const body =
        this.envelope.prefix +
        batch.map((event) => eventJson(event.sequence, event.body)).join(",") +
        this.envelope.suffix;

      let accepted: EventBatchAccepted;
      try {
        accepted = await this.host.postBatch(this.sessionId, body);
      } catch (error) {
        if (isSequenceGap(error) && gapRecoveries < MAX_GAP_RECOVERIES) {
          gapRecoveries++;
          await this.recoverFromGap(error);
          continue;
        }
        if (error instanceof CatSyphonSessionConflictError) {
          // Sending these again cannot succeed: drop them, and continue numbering where they started.
          this.next = this.buffer[0]?.sequence ?? this.next;
          this.buffer = [];
          this.unflushed = { count: 0, bytes: 0 };
        }
        throw error;
      }
      gapRecoveries = 0;
      if (accepted.last_sequence < lastSent) {
        // A 202 covers the whole batch; anything else would make this loop resend forever.
        throw new CatSyphonResponseError(202, [
          {
            path: "last_sequence",
            message: `${accepted.last_sequence} is below the batch's last sequence ${lastSent}`,
          },
        ]);
      }
      if (accepted.duplicates > 0) {
        this.host.logger?.debug?.(
          {
            sessionId: this.sessionId,
            duplicates: accepted.duplicates,
            lastSequence: accepted.last_sequence,
          },
          "server dropped events it already had",
        );
      }
      this.lastAcknowledged = accepted.last_sequence;
      this.dropAcknowledged(accepted.last_sequence);
    }
  }

  private async recoverFromGap(error: CatSyphonApiError): Promise<void> {
    const previousNext = this.buffer[0]?.sequence ?? this.next;
    // The session's current state, not the 409's: another writer may have moved it since. A session the
    // server does not know yet (404) is at the 409's last_sequence (0 for a new session).
    const status = await this.host.fetchSession(this.sessionId);
    const serverLast =
      status?.last_sequence ?? (error instanceof CatSyphonSequenceGapError ? error.lastSequence : 0);
    this.lastAcknowledged = serverLast;

    let action: SequenceResetAction = "renumber";
    if (this.onSequenceReset) {
      this.inResetHandler = true;
      try {
        action =
          this.onSequenceReset({ sessionId: this.sessionId, serverLastSequence: serverLast, previousNext }) ??
          action;
      } finally {
        this.inResetHandler = false;
      }
    }
    this.host.logger?.warn?.(
      { sessionId: this.sessionId, serverLastSequence: serverLast, previousNext, action },
      "sequence gap: continuing from the server's last sequence",
    );

    if (action === "discard") {
      this.buffer = [];
      this.unflushed = { count: 0, bytes: 0 };
      this.next = serverLast + 1;
      return;
    }
    this.dropAcknowledged(serverLast);
    const first = this.buffer[0];
    if (first && first.sequence !== serverLast + 1) {
      let sequence = serverLast + 1;
      for (const event of this.buffer) event.sequence = sequence++;
    }
    this.next = serverLast + 1 + this.buffer.length;
  }

  /** Drops buffered events the server holds (at or below `lastSequence`). */
  private dropAcknowledged(lastSequence: number): void {
    let count = 0;
    while (count < this.buffer.length && (this.buffer[count]?.sequence ?? Infinity) <= lastSequence) count++;
    if (count > 0) this.buffer.splice(0, count);
  }
}

function isSequenceGap(error: unknown): error is CatSyphonApiError {
  return error instanceof CatSyphonApiError && error.status === 409 && error.code === "sequence_gap";
}

function toIsoString(value: Date | string): string {
  if (typeof value === "string") return value;
  if (Number.isNaN(value.getTime())) {
    throw new CatSyphonValidationError("event", [{ path: "emitted_at", message: "is an invalid Date" }]);
  }
  return value.toISOString();
}
