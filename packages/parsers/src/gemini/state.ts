// What a Gemini parser remembers between calls (plain JSON, small): the held-back message record, the last
// response sent (so its late tool results can still be sent), and a few ids and counters.
import { z } from "zod";

import { type Json } from "../types";

/** A raw record kept for later: the message held back while it may still be re-appended, or an early record. */
export type StoredRecord = { line: number; id: string; record: { [key: string]: Json } };

/** The last response sent, with the tool calls and results already sent for it. */
export type OpenResponse = { id: string; calls: string[]; results: string[]; tokens: boolean };

export type GeminiCommonState = {
  /** Last record timestamp seen (ISO, `Z`); null before any. */
  lastTimestamp: string | null;
  /** Model of the last response that named one (responses that do not name it inherit it). */
  lastModel: string | null;
  /** Prompt size of the last response (the `pre_tokens` of a compaction). */
  lastInputTokens: number | null;
  /** A sub-agent session: its prompts come from the parent agent. */
  subagent: boolean;
  held: StoredRecord | null;
  open: OpenResponse | null;
};

export type GeminiJsonlState = GeminiCommonState & {
  /** Records read before any timestamp was known (bounded): they wait for one. */
  early: StoredRecord[];
  /** Ids of the last messages sent, oldest first (bounded): a re-append of one is an update we cannot apply. */
  recent: string[];
  /** First user/gemini message of the current context: a `$set.messages` without it is a compaction. */
  firstTurnId: string | null;
  /**
   * The newest re-append of the held message, not parsed yet (the line as written): it is parsed only once the
   * next record shows it is the last version, so the versions it superseded are never parsed.
   */
  newer: { line: number; raw: string } | null;
  /**
   * The messages of the current conversation with the sequence of each one's first event, oldest first
   * (bounded): a `$rewindTo` names the range of events it rewinds by them.
   */
  turns: { id: string; sequence: number }[];
};

export type GeminiLegacyState = GeminiCommonState & {
  /** Ids of the document's messages already handled (sent or skipped), in order. */
  handled: string[];
  /** The document's `summary` as last sent. */
  summary: string | null;
  /** Size of the last document read (without trailing blanks): a document is counted once per version. */
  documentSize: number;
};

export function initialCommonState(): GeminiCommonState {
  return {
    lastTimestamp: null,
    lastModel: null,
    lastInputTokens: null,
    subagent: false,
    held: null,
    open: null,
  };
}

const jsonObjectSchema = z.record(z.string(), z.json());
// Built once: z.json() makes a new recursive schema on every call.
const jsonSchema = z.json();

/** A record as checkpoint state; null in the (impossible for JSON.parse output) case it is not plain JSON. */
export function storeRecord(line: number, id: string, value: Record<string, unknown>): StoredRecord | null {
  const parsed = jsonObjectSchema.safeParse(value);
  return parsed.success ? { line, id, record: parsed.data } : null;
}

/**
 * Whether z.json() would give `value` back unchanged (equal, not copied): what JSON.parse produces, unless an
 * object has a `__proto__` key, which zod drops.
 */
function isPlainJson(value: unknown): value is Json {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i])) return false;
    return true;
  }
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.hasOwn(value, "__proto__")) return false;
  for (const item of Object.values(value)) if (!isPlainJson(item)) return false;
  return true;
}

/** Any value read from a record, as JSON (what JSON.parse produced always is). */
export function toJson(value: unknown): Json {
  // Tool arguments and results go through here: only odd values pay for the copy zod makes.
  if (isPlainJson(value)) return value;
  const parsed = jsonSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
