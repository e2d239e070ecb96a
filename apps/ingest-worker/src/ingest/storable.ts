// What a job may hold that the worker cannot store as sent (decision 0023). The ingest job's schema is the
// protocol's, which bounds numbers, timestamps and paths to what their columns hold (decision 0020): a job beyond
// those bounds fails its payload check and is parked, never written half. What stays for the worker: keys of the
// conversation's extra_data that the worker owns, sent by a client in session_start or metadata (`end_sequence`,
// `closed_by`), which would be taken for the worker's own; they are moved under `uninterpreted_<sequence>` (one
// key per event, since those events merge into one extra_data shallowly). Paths in free tool parameters are
// checked where files touched are read (files-touched.ts). Only session_start and metadata events are looked at.
import { MAX_PATH_BYTES, type ProtocolEvent } from "@catsyphon/protocol";
import { type IngestBatchJob } from "@catsyphon/queue";

/**
 * Indexed paths: the edge's bound (decision 0020), well within what a btree entry holds (~2.7 kB), so every path
 * the API accepts is indexed; a longer one (from tool parameters, which are free JSON) is left out of files_touched.
 */
export const MAX_INDEXED_BYTES = MAX_PATH_BYTES;
/** Keys of conversations.extra_data the worker owns: a client's value would be taken for the worker's own. */
const RESERVED_KEYS = ["end_sequence", "closed_by"] as const;

type Data = Record<string, unknown>;

function repairEvent(event: ProtocolEvent): ProtocolEvent {
  if (event.type !== "session_start" && event.type !== "metadata") return event;
  const data = event.data as Data;
  if (!RESERVED_KEYS.some((key) => key in data)) return event;
  const key = `uninterpreted_${event.sequence}`;
  // A client's own field of that name is kept inside ours.
  const uninterpreted: Data = key in data ? { [`client_${key}`]: data[key] } : {};
  const repaired: Data = {};
  for (const [name, value] of Object.entries(data)) {
    if ((RESERVED_KEYS as readonly string[]).includes(name)) uninterpreted[name] = value;
    else if (name !== key) repaired[name] = value;
  }
  repaired[key] = uninterpreted;
  return { ...event, data: repaired } as ProtocolEvent;
}

/** The job with every event made storable; the same object when nothing needed it. */
export function storableJob(job: IngestBatchJob): IngestBatchJob {
  let events: ProtocolEvent[] | undefined;
  job.events.forEach((event, index) => {
    const repaired = repairEvent(event);
    if (repaired === event) return;
    events ??= [...job.events];
    events[index] = repaired;
  });
  return events ? { ...job, events } : job;
}
