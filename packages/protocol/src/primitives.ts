// Building blocks shared by every schema, so each field kind gets the same caps and messages everywhere.
import { z } from "zod";

import {
  MAX_ID_LENGTH,
  MAX_INT4,
  MAX_SEQUENCE,
  MAX_SHORT_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
} from "./limits";

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

/** Bytes of `value` in UTF-8 (no Buffer: the protocol also runs in browsers). */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
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

const isoDateTimeText = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a time zone offset, e.g. 2025-01-31T12:00:00.000Z",
});
const MIN_TIMESTAMP_MS = Date.parse(MIN_TIMESTAMP);
const MAX_TIMESTAMP_MS = Date.parse(MAX_TIMESTAMP);

const CANONICAL_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** True when the calendar date written in `text` exists (Date.parse rolls 2025-02-30 over to March 2). */
function isRealCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (day <= 28) return month >= 1 && month <= 12;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day <= days;
}

/**
 * ISO 8601 date-time with an explicit offset (`Z` or `+02:00`), 0-9 (or more) fraction digits, as the real
 * clients write them. Normalized to UTC with milliseconds (`2025-01-31T12:00:00.000Z`): the precision every
 * timestamp column keeps, and one form, so instants compare as strings. Dates that do not exist (February 30)
 * and instants outside years 0001-9999 are refused: Postgres could not store them.
 */
export const isoDateTimeSchema = isoDateTimeText.transform((value, ctx) => {
  // Fast path: most clients already write the normalized form; only its calendar date needs a check.
  if (value.length === 24 && CANONICAL_TIMESTAMP.test(value) && !value.startsWith("0000")) {
    if (isRealCalendarDate(value)) return value;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !isRealCalendarDate(value)) {
    ctx.issues.push({ code: "custom", message: "is not a real calendar date-time", input: value });
    return z.NEVER;
  }
  if (ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    ctx.issues.push({
      code: "custom",
      message: `must lie between ${MIN_TIMESTAMP} and ${MAX_TIMESTAMP}`,
      input: value,
    });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/**
 * An optional field whose `null` means absent (Pydantic clients write `"git_branch": null`): null becomes
 * undefined, so every consumer sees one way of "not given".
 */
export function absentIfNull<T extends z.ZodType>(schema: T) {
  // The outer optional() keeps the key optional in the output type too (what code that builds events writes).
  return schema
    .nullable()
    .transform((value): z.output<T> | undefined => value ?? undefined)
    .optional();
}

export const nonNegativeIntSchema = z.int().min(0, { error: "must be a non-negative integer" });

/** A count stored in an int4 column (or summed into a bigint one): 0 ..= 2^31-1. */
export const int4CountSchema = z
  .int({ error: "must be an integer" })
  .min(0, { error: "must be a non-negative integer" })
  .max(MAX_INT4, { error: `must be at most ${MAX_INT4}` });

/** Per-session sequence number: 1, 2, 3, ... */
export const sequenceSchema = z
  .int({ error: "must be an integer" })
  .min(1, { error: "must be at least 1" })
  .max(MAX_SEQUENCE, { error: `must be at most ${MAX_SEQUENCE}` });

/** Highest sequence accepted so far for a session; 0 before the first event. */
export const lastSequenceSchema = z.int().min(0).max(MAX_SEQUENCE);

/** Any JSON value. One shared instance, so JSON Schema export can name it once (JsonValue). */
export const jsonValueSchema = z.json();

/**
 * Removes what Postgres text and jsonb cannot hold from every string and key of a JSON value: NUL characters,
 * and lone UTF-16 surrogates (a string cut inside an emoji), which become U+FFFD. Returns the value itself when
 * it holds neither (the common case allocates nothing). Iterative, so no depth can overflow the stack.
 */
export function postgresSafeJson<T>(value: T): T {
  if (!needsCleaning(value)) return value;
  return cleanJson(value) as T;
}

function cleanString(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "") : wellFormed;
}

function dirtyString(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}

function needsCleaning(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (dirtyString(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (dirtyString(key)) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

function cleanJson(root: unknown): unknown {
  const copy = (value: unknown): unknown =>
    typeof value === "string"
      ? cleanString(value)
      : Array.isArray(value)
        ? [...value]
        : isPlainObject(value)
          ? { ...value }
          : value;
  const result = copy(root);
  const stack: unknown[] = [result];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        value[i] = copy(value[i]);
        stack.push(value[i]);
      }
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        const item = copy(value[key]);
        const clean = cleanString(key);
        if (clean !== key) delete value[key];
        value[clean] = item;
        stack.push(item);
      }
    }
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
