// Values the protocol accepts but a column cannot hold (decision 0023). The ingest API bounds them at the edge;
// the worker must be safe on its own too (jobs queued before, other producers), since one such value would
// otherwise fail its whole batch, session_start included, on every attempt. What cannot be interpreted is moved
// into the event's data under `uninterpreted` (so it lands in the message row's extra_data, kept as sent;
// `uninterpreted_<sequence>` for the events that merge into the conversation's extra_data) and the field is
// left out or replaced. One pass over a batch's events before it is written; an event
// with nothing to fix costs a few character comparisons and is not copied.
import { MAX_INT4, type ProtocolEvent } from "@catsyphon/protocol";
import { type IngestBatchJob } from "@catsyphon/queue";

const INT4_MAX = MAX_INT4;
/**
 * Tokens of one model response beyond which the count is set aside: the edge's own bound (decision 0020), so what
 * the API accepts is counted, and a larger count (a job queued by an older API, another producer) cannot overflow
 * the conversation's totals or its cost (Decimal(20,10)).
 */
export const MAX_TOKENS_PER_RESPONSE = MAX_INT4;
/** Btree index entries hold at most ~2.7 kB; paths and directories that are indexed stay well below. */
export const MAX_INDEXED_BYTES = 2_000;
/** Keys of conversations.extra_data the worker owns: a client's value would be taken for the worker's own. */
const RESERVED_KEYS = ["end_sequence", "closed_by"] as const;
const TOKEN_KEYS = [
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_creation_tokens",
  "cache_creation_5m_tokens",
  "cache_creation_1h_tokens",
] as const;

type Data = Record<string, unknown>;

const CONVERSATION_EVENTS = new Set<string>(["session_start", "session_end", "metadata"]);

/** Postgres takes years 0001-9999 and offsets up to ±15:59; the protocol also lets 0000 and ±23:59 through. */
function storableTimestamp(value: string): boolean {
  if (value.startsWith("0000")) return false;
  if (value.endsWith("Z") || value.endsWith("z")) return true;
  // ...±HH:MM
  const hours = (value.charCodeAt(value.length - 5) - 48) * 10 + (value.charCodeAt(value.length - 4) - 48);
  return hours <= 15;
}

/** The same instant in UTC when Postgres can hold it, else `fallback`. */
function repairedTimestamp(value: string, fallback: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 ? fallback : date.toISOString();
}

const byteLength = (text: string) => (text.length * 3 <= MAX_INDEXED_BYTES ? 0 : Buffer.byteLength(text));
const isObject = (value: unknown): value is Data =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Builds the repaired copy of one event lazily: only events with something to fix are copied. */
class Repair {
  private data: Data | undefined;
  private uninterpreted: Data | undefined;
  private emittedAt: string | undefined;
  private observedAt: string | undefined;

  constructor(private readonly event: ProtocolEvent) {
    // session_start, session_end and metadata merge into one extra_data (the conversation's), shallowly: each
    // event's values get a key of their own there, so one event's cannot replace another's.
    this.key = CONVERSATION_EVENTS.has(event.type) ? `uninterpreted_${event.sequence}` : "uninterpreted";
  }

  private readonly key: string;

  /** The event's data, copied on first change. */
  writable(): Data {
    this.data ??= { ...(this.event.data as Data) };
    return this.data;
  }

  /** Moves `value` under data.uninterpreted[key]. */
  keep(key: string, value: unknown): void {
    if (!this.uninterpreted) {
      const data = this.writable();
      // A client's own field of that name is kept inside ours.
      this.uninterpreted = this.key in data ? { [`client_${this.key}`]: data[this.key] } : {};
      data[this.key] = this.uninterpreted;
    }
    this.uninterpreted[key] = value;
  }

  drop(key: string): void {
    const data = this.writable();
    this.keep(key, data[key]);
    delete data[key];
  }

  timestamps(fallback: string): void {
    if (!storableTimestamp(this.event.emitted_at)) {
      this.keep("emitted_at", this.event.emitted_at);
      this.emittedAt = repairedTimestamp(this.event.emitted_at, fallback);
    }
    if (!storableTimestamp(this.event.observed_at)) {
      this.keep("observed_at", this.event.observed_at);
      this.observedAt = repairedTimestamp(this.event.observed_at, fallback);
    }
  }

  result(): ProtocolEvent {
    if (!this.data && this.emittedAt === undefined && this.observedAt === undefined) return this.event;
    return {
      ...this.event,
      emitted_at: this.emittedAt ?? this.event.emitted_at,
      observed_at: this.observedAt ?? this.event.observed_at,
      data: this.data ?? this.event.data,
    } as ProtocolEvent;
  }
}

function tokenUsageTooLarge(usage: Data | undefined): boolean {
  if (!usage) return false;
  for (const key of TOKEN_KEYS) {
    const value = usage[key];
    if (typeof value === "number" && value > MAX_TOKENS_PER_RESPONSE) return true;
  }
  return false;
}

/** The common case, without allocating: prompts, responses and tool events with ordinary values. */
function needsRepair(event: ProtocolEvent): boolean {
  if (!storableTimestamp(event.emitted_at) || !storableTimestamp(event.observed_at)) return true;
  switch (event.type) {
    case "message":
      return tokenUsageTooLarge(event.data.token_usage);
    case "session_start":
    case "session_end":
    case "metadata":
      return true; // a few per session: checked in full
    default:
      return false;
  }
}

function repairSessionEnd(repair: Repair, files: readonly Data[] | undefined): void {
  if (!files) return;
  const bad = (file: Data) =>
    (typeof file.lines_added === "number" && file.lines_added > INT4_MAX) ||
    (typeof file.lines_deleted === "number" && file.lines_deleted > INT4_MAX) ||
    (typeof file.file_path === "string" && byteLength(file.file_path) > MAX_INDEXED_BYTES);
  if (!files.some(bad)) return;
  repair.keep(
    "files_touched",
    files.filter((file) => bad(file)),
  );
  repair.writable().files_touched = files.filter((file) => !bad(file));
}

function repairEvent(event: ProtocolEvent, fallbackAt: string): ProtocolEvent {
  if (!needsRepair(event)) return event;
  const repair = new Repair(event);
  repair.timestamps(fallbackAt);
  const data = event.data as Data;
  switch (event.type) {
    case "message":
      // Unpriced and uncounted, kept whole.
      if (tokenUsageTooLarge(event.data.token_usage)) repair.drop("token_usage");
      break;
    case "session_start":
      if (
        typeof data.working_directory === "string" &&
        byteLength(data.working_directory) > MAX_INDEXED_BYTES
      )
        repair.drop("working_directory");
      for (const key of RESERVED_KEYS) if (key in data) repair.drop(key);
      break;
    case "session_end":
      repairSessionEnd(repair, event.data.files_touched);
      break;
    case "metadata": {
      for (const key of RESERVED_KEYS) if (key in data) repair.drop(key);
      const compaction = data.compaction;
      if (
        isObject(compaction) &&
        typeof compaction.pre_tokens === "number" &&
        compaction.pre_tokens > INT4_MAX
      ) {
        repair.keep("compaction_pre_tokens", compaction.pre_tokens);
        const { pre_tokens: _dropped, ...rest } = compaction;
        repair.writable().compaction = rest;
      }
      break;
    }
    default:
      break;
  }
  return repair.result();
}

/** The job with every event made storable; the same object when nothing needed it. */
export function storableJob(job: IngestBatchJob): IngestBatchJob {
  let events: ProtocolEvent[] | undefined;
  job.events.forEach((event, index) => {
    const repaired = repairEvent(event, job.server_received_at);
    if (repaired === event) return;
    events ??= [...job.events];
    events[index] = repaired;
  });
  return events ? { ...job, events } : job;
}
