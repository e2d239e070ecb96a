// Keeping every string and JSON value of an event within the protocol's caps, so a huge or odd record degrades
// into a truncated event instead of a batch the server rejects.
import {
  hasControlCharacters,
  MAX_ID_LENGTH,
  MAX_PATH_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TOOL_JSON_LENGTH,
} from "@catsyphon/protocol";

import { oversizedJson } from "../json-size";
import { type Json } from "../types";

export type JsonObject = { [key: string]: Json };

const TRUNCATION_MARKER = "\n[truncated by CatSyphon]";

function withoutControlCharacters(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? " " : char;
  }
  return out;
}

/** An id or short name: control characters replaced, at most 256 characters, never empty. */
export function safeName(value: string, fallback: string, max: number = MAX_ID_LENGTH): string {
  let name = hasControlCharacters(value) ? withoutControlCharacters(value).trim() : value;
  if (name.length > max) name = name.slice(0, max);
  return name === "" ? fallback : name;
}

/** A file system path, or undefined when it cannot be one (empty). */
export function safePath(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  return safeName(value, "", MAX_PATH_LENGTH) || undefined;
}

/** Free text within the text cap; a marker says it was cut. */
export function safeText(value: string, max: number = MAX_TEXT_LENGTH): string {
  if (value.length <= max) return value;
  return value.slice(0, max - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
}

/**
 * A value that came out of JSON.parse is JSON by construction; this is the one place that says so to the type
 * checker (validating deep tool payloads again would cost a walk over every one of them).
 */
export function asJson(value: unknown): Json {
  return value === undefined ? null : (value as Json);
}

/** JSON whose serialized form fits the tool payload cap (strings are cut; other values become a preview). */
export function boundJson(value: Json): Json {
  // Serialized length is at most 6 characters per character of content (\u escapes) plus structure: skip the
  // stringify for the common small values.
  if (typeof value === "string") {
    if (value.length * 6 + 2 <= MAX_TOOL_JSON_LENGTH) return value;
    let text = value;
    while (JSON.stringify(text).length > MAX_TOOL_JSON_LENGTH) {
      text = safeText(text, Math.floor(text.length * 0.8));
    }
    return text;
  }
  if (value === null || typeof value !== "object") return value;
  const serialized = oversizedJson(value, MAX_TOOL_JSON_LENGTH);
  if (serialized === null) return value;
  // A preview of an eighth of the cap serializes within the cap even if every character needs escaping.
  return { truncated: true, preview: serialized.slice(0, MAX_TOOL_JSON_LENGTH / 8) };
}

/** Tool parameters: an object within the cap. */
export function boundObject(value: JsonObject): JsonObject {
  const bounded = boundJson(value);
  return bounded !== null && typeof bounded === "object" && !Array.isArray(bounded) ? bounded : {};
}
