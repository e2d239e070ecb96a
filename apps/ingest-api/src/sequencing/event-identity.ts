// The identity of an event within its session (decision 0024): 16 bytes, the collector's event_hash when it sent
// one, else a digest of what the event says. Sequenced batches compare it with the event the session holds at a
// resubmitted sequence (a difference is a session_conflict); unsequenced batches drop the events whose identity
// the session holds.
import { createHash } from "node:crypto";

export const IDENTITY_BYTES = 16;

const HEX_IDENTITY = /^[0-9a-fA-F]{32}$/;

interface IdentifiedEvent {
  type: string;
  emitted_at: string;
  event_hash?: string | null | undefined;
  data: unknown;
}

/**
 * One event's identity, written into `into` at `offset`. A client hash of 32 hex digits is the identity itself (so
 * it equals the server's form of the same digest); any other client hash is digested, as given. Without one:
 * sha256 of type, emitted_at and the canonical JSON of data (observed_at is left out: a collector that reads the
 * same source again observes it later, and that is the same event).
 */
export function writeEventIdentity(event: IdentifiedEvent, into: Buffer, offset: number): void {
  const given = event.event_hash;
  if (given) {
    if (HEX_IDENTITY.test(given)) {
      into.write(given, offset, IDENTITY_BYTES, "hex");
      return;
    }
    createHash("sha256").update("client\n").update(given).digest().copy(into, offset, 0, IDENTITY_BYTES);
    return;
  }
  createHash("sha256")
    .update(`${event.type}\n${event.emitted_at}\n${canonicalJson(event.data)}`)
    .digest()
    .copy(into, offset, 0, IDENTITY_BYTES);
}

/** The identities of `events`, concatenated in order. */
export function eventIdentities(events: readonly IdentifiedEvent[]): Buffer {
  const out = Buffer.allocUnsafe(events.length * IDENTITY_BYTES);
  events.forEach((event, index) => writeEventIdentity(event, out, index * IDENTITY_BYTES));
  return out;
}

/**
 * JSON with object keys sorted at every level, so the same data digests the same whatever order a client wrote
 * its keys in. Strings go through JSON.stringify (native escaping); undefined members are left out, as
 * JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += value[i] === undefined ? "null" : canonicalJson(value[i]);
    }
    return out + "]";
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += JSON.stringify(key) + ":" + canonicalJson(member);
  }
  return out + "}";
}
