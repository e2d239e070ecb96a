// The identity of an event within its session (decision 0024): 16 bytes, the collector's event_hash when it sent
// one, else a digest of what the event says. Sequenced batches compare it with the event the session holds at a
// resubmitted sequence (a difference is a session_conflict); unsequenced batches drop the events whose identity
// the session holds.
import { hash } from "node:crypto";

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
 * it equals the server's form of the same digest); any other client hash is digested, as given. Without one: the
 * first 16 bytes of sha256 over type, emitted_at and the canonical encoding of data (observed_at is left out: a
 * collector that reads the same source again observes it later, and that is the same event).
 */
export function writeEventIdentity(event: IdentifiedEvent, into: Buffer, offset: number): void {
  const given = event.event_hash;
  if (given) {
    if (HEX_IDENTITY.test(given)) {
      into.write(given, offset, IDENTITY_BYTES, "hex");
      return;
    }
    hash("sha256", `client\n${given}`, "buffer").copy(into, offset, 0, IDENTITY_BYTES);
    return;
  }
  hash("sha256", `${event.type}\n${event.emitted_at}\n${canonicalEncoding(event.data)}`, "buffer").copy(
    into,
    offset,
    0,
    IDENTITY_BYTES,
  );
}

/** The identities of `events`, concatenated in order. */
export function eventIdentities(events: readonly IdentifiedEvent[]): Buffer {
  const out = Buffer.allocUnsafe(events.length * IDENTITY_BYTES);
  events.forEach((event, index) => writeEventIdentity(event, out, index * IDENTITY_BYTES));
  return out;
}

/**
 * An unambiguous text of a JSON value with object keys sorted at every level, so the same data has the same
 * identity whatever order a client wrote its keys in. Strings are length-prefixed rather than escaped (escaping
 * long texts is what makes JSON.stringify slow; this runs on every event of every batch): `s<length>:<text>`,
 * `n<number>;`, `t`, `f`, `z` (null), `[...]`, `{<key length>:<key><value>...}`. Undefined members are left out.
 */
export function canonicalEncoding(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `s${value.length}:${value}`;
    case "number":
      return `n${value};`;
    case "boolean":
      return value ? "t" : "f";
    case "object": {
      if (value === null) return "z";
      if (Array.isArray(value)) {
        let out = "[";
        for (const item of value as unknown[]) out += item === undefined ? "z" : canonicalEncoding(item);
        return out + "]";
      }
      const record = value as Record<string, unknown>;
      let out = "{";
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member !== undefined) out += `${key.length}:${key}${canonicalEncoding(member)}`;
      }
      return out + "}";
    }
    default:
      return "z";
  }
}
