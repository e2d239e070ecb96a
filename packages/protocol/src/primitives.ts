// Building blocks shared by every schema, so each field kind gets the same caps and messages everywhere.
import { z } from "zod";

import { MAX_ID_LENGTH, MAX_SEQUENCE, MAX_SHORT_NAME_LENGTH, MAX_TEXT_LENGTH } from "./limits";

/** True when `value` holds a C0 control character or DEL (they have no place in ids and names). */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function tooLong(max: number): string {
  return `must be at most ${max} characters`;
}

/** Free text of at most `max` characters; may be empty and may contain newlines. */
export function boundedText(max: number = MAX_TEXT_LENGTH) {
  return z.string().max(max, { error: tooLong(max) });
}

/** A non-empty single-line string of at most `max` characters. */
export function boundedName(max: number) {
  return z
    .string()
    .min(1, { error: "must not be empty" })
    .max(max, { error: tooLong(max) })
    .refine((value) => !hasControlCharacters(value), { error: "must not contain control characters" });
}

/** Opaque identifier chosen by the collector or the agent (session id, tool_use id, message id). */
export const idSchema = boundedName(MAX_ID_LENGTH);

/** Short label: tool name, model, hostname, version. */
export const shortNameSchema = boundedName(MAX_SHORT_NAME_LENGTH);

/** Free text up to the text cap. */
export const textSchema = boundedText();

/** ISO 8601 date-time with an explicit offset (`Z` or `+02:00`), any sub-second precision. */
export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a time zone offset, e.g. 2025-01-31T12:00:00.000Z",
});

export const nonNegativeIntSchema = z.int().min(0, { error: "must be a non-negative integer" });

/** Per-session sequence number: 1, 2, 3, ... */
export const sequenceSchema = z
  .int({ error: "must be an integer" })
  .min(1, { error: "must be at least 1" })
  .max(MAX_SEQUENCE, { error: `must be at most ${MAX_SEQUENCE}` });

/** Highest sequence accepted so far for a session; 0 before the first event. */
export const lastSequenceSchema = z.int().min(0).max(MAX_SEQUENCE);

/** Any JSON value. One shared instance, so JSON Schema export can name it once (JsonValue). */
export const jsonValueSchema = z.json();

/** Any JSON value whose serialized form is at most `max` characters. */
export function boundedJson(max: number) {
  return jsonValueSchema.refine((value) => JSON.stringify(value).length <= max, {
    error: `serialized JSON ${tooLong(max)}`,
  });
}

/** A JSON object (string keys, JSON values) whose serialized form is at most `max` characters. */
export function boundedJsonObject(max: number) {
  return z
    .record(z.string(), jsonValueSchema)
    .refine((value) => JSON.stringify(value).length <= max, { error: `serialized JSON ${tooLong(max)}` });
}
