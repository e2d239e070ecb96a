// Keeping strings within the protocol's caps: names and ids are single-line and short, text and tool JSON are
// truncated with a visible marker instead of failing the whole batch at the server.
import * as protocol from "@catsyphon/protocol";

import { oversizedJson } from "../json-size";
import { isCanonicalIsoTime } from "../timestamps";
import { type Json } from "../types";

const TRUNCATED = "\n[truncated by catsyphon]";
// Copied once: run through tsx, every use of an imported binding is a getter call, and these run for every record.
const MAX_ID_LENGTH = protocol.MAX_ID_LENGTH;
const MAX_TEXT_LENGTH = protocol.MAX_TEXT_LENGTH;
const MAX_TOOL_JSON_LENGTH = protocol.MAX_TOOL_JSON_LENGTH;

/** A non-empty single-line name of at most `max` (256) characters, or undefined when nothing usable is left. */
export function cleanName(value: unknown, max: number = MAX_ID_LENGTH): string | undefined {
  if (typeof value !== "string") return undefined;
  let out = value;
  for (let i = 0; i < out.length; i++) {
    const code = out.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      // Rare: only then pay for a pass that replaces them.
      out = Array.from(out, (char) => {
        const c = char.charCodeAt(0);
        return c < 0x20 || c === 0x7f ? " " : char;
      }).join("");
      break;
    }
  }
  out = out.trim();
  if (out.length > max) out = out.slice(0, max).trim();
  return out === "" ? undefined : out;
}

/** Free text within the text cap. */
export function cleanText(value: string): string {
  if (value.length <= MAX_TEXT_LENGTH) return value;
  return value.slice(0, MAX_TEXT_LENGTH - TRUNCATED.length) + TRUNCATED;
}

/** A tool result string whose JSON encoding fits the tool JSON cap (escapes can make it up to 6x longer). */
export function cleanResultText(value: string): string {
  if (value.length * 6 + 2 <= MAX_TOOL_JSON_LENGTH) return value;
  let out = value.length > MAX_TOOL_JSON_LENGTH ? value.slice(0, MAX_TOOL_JSON_LENGTH) : value;
  while (JSON.stringify(out).length + TRUNCATED.length + 2 > MAX_TOOL_JSON_LENGTH) {
    out = out.slice(0, Math.floor(out.length * 0.8));
  }
  return out === value ? out : out + TRUNCATED;
}

/** Tool parameters as a JSON object within the tool JSON cap; non-objects are wrapped as `{input: ...}`. */
export function cleanParameters(input: unknown): Record<string, Json> {
  const object: Record<string, Json> =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as Record<string, Json>)
      : { input: (input ?? null) as Json };
  const serialized = oversizedJson(object, MAX_TOOL_JSON_LENGTH);
  if (serialized === null) return object;
  return { truncated: true, preview: cleanResultText(serialized.slice(0, MAX_TOOL_JSON_LENGTH / 2)) };
}

/** ISO 8601 with `Z` of a record's timestamp, or undefined when it is missing or not a date. */
export function normalizeTimestamp(value: unknown): string | undefined {
  if (typeof value === "string" && isCanonicalIsoTime(value)) return value;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  const time = date.getTime();
  // Years 0..9999 only: toISOString() of others has a sign and six digits, which the protocol rejects.
  if (Number.isNaN(time) || time < -62167219200000 || time > 253402300799999) return undefined;
  return date.toISOString();
}

/** A non-negative integer count, or undefined. */
export function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Drops keys whose value is undefined, so events stay plain JSON (they may wait in the checkpoint). */
export function compact<T extends Record<string, unknown>>(object: T): Defined<T> {
  for (const key in object) {
    if (object[key] === undefined) return withoutUndefined(object);
  }
  return object as Defined<T>;
}

/** A copy rather than `delete`, which makes the object a slow dictionary (events are spread and serialized). */
function withoutUndefined<T extends Record<string, unknown>>(object: T): Defined<T> {
  const defined: Record<string, unknown> = {};
  for (const key in object) if (object[key] !== undefined) defined[key] = object[key];
  return defined as Defined<T>;
}

/** An object without its undefined values (the keys that held them are gone). */
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };
