// Keeping values inside the protocol's limits: names and ids are single-line and short, text and tool JSON are
// capped. Gemini records are copied as they are, so anything the agent wrote must be bounded here.
import {
  hasControlCharacters,
  MAX_ID_LENGTH,
  MAX_SHORT_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TOOL_JSON_LENGTH,
} from "@catsyphon/protocol";

import { oversizedJson } from "../json-size";
import { type Json } from "../types";

const TRUNCATION_MARKER = "\n[... truncated by CatSyphon]";

/** A single-line name of at most `max` characters; `fallback` when nothing printable is left. */
export function boundedName(value: string, fallback: string, max: number = MAX_SHORT_NAME_LENGTH): string {
  // eslint-disable-next-line no-control-regex
  const clean = (hasControlCharacters(value) ? value.replace(/[\u0000-\u001f\u007f]+/g, " ") : value).trim();
  const cut = dropLoneHighSurrogate(clean.slice(0, max)).trim();
  return cut === "" ? fallback : cut;
}

/** An opaque id (message, tool use, session) within the id limit. */
export function boundedId(value: string, fallback: string): string {
  return boundedName(value, fallback, MAX_ID_LENGTH);
}

/** Free text within the text limit, cut with a visible marker. */
export function boundedText(value: string, max: number = MAX_TEXT_LENGTH): string {
  if (value.length <= max) return value;
  return dropLoneHighSurrogate(value.slice(0, max - TRUNCATION_MARKER.length)) + TRUNCATION_MARKER;
}

/** Any JSON value whose serialized form fits the tool JSON limit (long strings are cut, big objects summarized). */
export function boundedJson(value: Json): Json {
  if (typeof value === "string") return boundedJsonString(value);
  if (value === null || typeof value !== "object") return value;
  const serialized = oversizedJson(value, MAX_TOOL_JSON_LENGTH);
  if (serialized === null) return value;
  return { truncated: true, preview: boundedJsonString(serialized) };
}

/** A JSON object within the tool JSON limit. */
export function boundedJsonObject(value: { [key: string]: Json }): { [key: string]: Json } {
  const serialized = oversizedJson(value, MAX_TOOL_JSON_LENGTH);
  if (serialized === null) return value;
  return { truncated: true, preview: boundedJsonString(serialized) };
}

// Escapes can make a string's JSON longer than the string itself, so cut until the serialized form fits.
function boundedJsonString(value: string): string {
  // At most 6 characters (a \u escape) per character plus the quotes: most strings fit without serializing them.
  if (value.length * 6 + 2 <= MAX_TOOL_JSON_LENGTH) return value;
  const limit = MAX_TOOL_JSON_LENGTH - TRUNCATION_MARKER.length - 16;
  if (value.length <= limit && JSON.stringify(value).length <= MAX_TOOL_JSON_LENGTH) return value;
  let cut = value.slice(0, limit);
  while (JSON.stringify(cut).length > limit) cut = cut.slice(0, Math.floor(cut.length * 0.8));
  return dropLoneHighSurrogate(cut) + TRUNCATION_MARKER;
}

function dropLoneHighSurrogate(value: string): string {
  const last = value.charCodeAt(value.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? value.slice(0, -1) : value;
}

/** A count as the protocol wants it: a non-negative integer. */
export function tokenCount(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** camelCase -> snake_case, for metadata keys taken from Gemini's header fields. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
}
