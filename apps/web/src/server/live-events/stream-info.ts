// What XINFO STREAM says about the live-event stream, as far as resuming needs it: whether entries a client has
// not seen may have been trimmed away (then it must refetch: a `resync` event).
import { type RedisClient } from "@catsyphon/queue";
import { compareStreamIds } from "./stream-ids";

export interface StreamState {
  exists: boolean;
  length: number;
  entriesAdded: number;
  lastGeneratedId: string;
  firstEntryId: string | null;
}

const MISSING: StreamState = {
  exists: false,
  length: 0,
  entriesAdded: 0,
  lastGeneratedId: "0-0",
  firstEntryId: null,
};

export async function streamState(redis: RedisClient, key: string): Promise<StreamState> {
  let reply: unknown;
  try {
    reply = await redis.call("XINFO", "STREAM", key);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return MISSING;
    throw error;
  }
  if (!Array.isArray(reply)) throw new Error("unexpected XINFO STREAM reply");
  const fields = new Map<string, unknown>();
  for (let index = 0; index + 1 < reply.length; index += 2)
    fields.set(String(reply[index]), reply[index + 1]);
  const firstEntry = fields.get("first-entry");
  const length = Number(fields.get("length") ?? 0);
  return {
    exists: true,
    length,
    // Redis 7; an older server does not say, so every entry is taken as possibly trimmed.
    entriesAdded: fields.has("entries-added") ? Number(fields.get("entries-added")) : Number.MAX_SAFE_INTEGER,
    lastGeneratedId: String(fields.get("last-generated-id") ?? "0-0"),
    firstEntryId: Array.isArray(firstEntry) ? String(firstEntry[0]) : null,
  };
}

/**
 * True when events after `lastEventId` may be gone: the stream is missing or was reset (Redis lost it), or
 * entries were trimmed and the client's last one is older than the oldest kept. Trimming does not record which
 * ids it removed, so a client whose very last event was the newest trimmed one is sent a resync too.
 */
export function mayHaveMissed(state: StreamState, lastEventId: string): boolean {
  if (!state.exists) return lastEventId !== "0-0";
  if (compareStreamIds(lastEventId, state.lastGeneratedId) > 0) return true;
  const trimmed = state.entriesAdded > state.length;
  if (!trimmed) return false;
  if (state.firstEntryId === null) return compareStreamIds(lastEventId, state.lastGeneratedId) < 0;
  return compareStreamIds(lastEventId, state.firstEntryId) < 0;
}
