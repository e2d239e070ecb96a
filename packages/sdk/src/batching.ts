// Batch sizing. Each buffered event keeps its JSON text without the sequence, so a batch body is built by
// concatenation and its exact UTF-8 size is known before sending; renumbering after a 409 only swaps a number.
import { MAX_SEQUENCE } from "@catsyphon/protocol";

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

const encoder = new TextEncoder();
const SEQUENCE_PREFIX = '{"sequence":';
const MAX_SEQUENCE_DIGITS = String(MAX_SEQUENCE).length;

export function utf8ByteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** An event serialized without its sequence: `{"type":...,"data":...}`. */
export interface SerializedEventBody {
  json: string;
  bytes: number;
}

/** Serializes an event minus `sequence`; `sequence` must not be a key of `event`. */
export function serializeEventBody(event: object): SerializedEventBody {
  const json = JSON.stringify(event);
  return { json, bytes: utf8ByteLength(json) };
}

/** The wire JSON of one event: the sequence first, then the rest of its fields. */
export function eventJson(sequence: number, body: SerializedEventBody): string {
  return `${SEQUENCE_PREFIX}${sequence},${body.json.slice(1)}`;
}

/** UTF-8 size of `eventJson(sequence, body)`, without building it. */
export function eventByteLength(sequence: number, body: SerializedEventBody): number {
  // '{"sequence":' + digits + ',' replaces the leading '{' of the body.
  return body.bytes + SEQUENCE_PREFIX.length + String(sequence).length;
}

/** Largest size an event can reach once renumbered (any sequence up to MAX_SEQUENCE). */
export function worstCaseEventByteLength(body: SerializedEventBody): number {
  return body.bytes + SEQUENCE_PREFIX.length + MAX_SEQUENCE_DIGITS;
}

/** The batch JSON around the events: `{"session_id":...,"events":[` and `]}`. */
export function batchEnvelope(sessionId: string): { prefix: string; suffix: string; bytes: number } {
  const prefix = `{"session_id":${JSON.stringify(sessionId)},"events":[`;
  const suffix = "]}";
  return { prefix, suffix, bytes: utf8ByteLength(prefix) + suffix.length };
}

/**
 * How many events, from the head of a queue of `available` events, go into the next batch: as many as fit
 * both limits, and at least one (an event too large for any batch is refused when it is buffered).
 */
export function planBatch(
  available: number,
  eventBytesAt: (index: number) => number,
  envelopeBytes: number,
  limits: BatchLimits,
): number {
  let count = 0;
  let bytes = envelopeBytes;
  while (count < available && count < limits.maxEvents) {
    const next = eventBytesAt(count) + (count > 0 ? 1 : 0); // a comma between events
    if (count > 0 && bytes + next > limits.maxBytes) break;
    bytes += next;
    count++;
  }
  return count;
}
