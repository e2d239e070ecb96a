// Live events for the dashboards (GET /api/v1/events on the web app): the worker appends one to a Redis stream
// after the transaction that wrote the rows has committed; each web process reads the stream once and fans the
// events out to its clients by workspace. A stream rather than pub/sub so a client that reconnects gets what it
// missed (its Last-Event-ID is a stream id); the stream is trimmed to about LIVE_EVENTS_MAX_LENGTH entries.
import { type RedisClient } from "./connections";
import { z } from "zod";

export const LIVE_EVENT_TYPES = ["conversation.created", "conversation.updated", "ingestion.failed"] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

const conversationChange = {
  workspace_id: z.uuid(),
  conversation_id: z.uuid(),
  parent_conversation_id: z.uuid().nullable(),
  status: z.enum(["active", "completed"]),
  last_sequence: z.int().min(0),
};

export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("conversation.created"), ...conversationChange }),
  z.object({ type: z.literal("conversation.updated"), ...conversationChange }),
  z.object({
    type: z.literal("ingestion.failed"),
    workspace_id: z.uuid(),
    /** The BullMQ job id (also ingestion_jobs.queue_job_id). */
    job_id: z.string(),
    conversation_id: z.uuid().nullable(),
    session_id: z.string().nullable(),
    reason: z.string(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** The one stream of a deployment (every workspace's events; readers filter). */
export const liveEventsStreamKey = (prefix: string) => `${prefix}:live-events`;

/** The field of a stream entry that holds the event's JSON. */
export const LIVE_EVENT_FIELD = "event";

/** Appends an event; Redis trims the stream to about maxLength entries (whole nodes, so cheaply). */
export async function appendLiveEvent(
  redis: RedisClient,
  prefix: string,
  event: LiveEvent,
  maxLength: number,
): Promise<string | null> {
  return redis.xadd(
    liveEventsStreamKey(prefix),
    "MAXLEN",
    "~",
    String(maxLength),
    "*",
    LIVE_EVENT_FIELD,
    JSON.stringify(event),
  );
}

/** A stream entry's event, or undefined for an entry this release does not understand (skipped, never fatal). */
export function parseLiveEntry(fields: readonly string[]): LiveEvent | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] !== LIVE_EVENT_FIELD) continue;
    try {
      const parsed = liveEventSchema.safeParse(JSON.parse(fields[index + 1] ?? ""));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const CREDENTIAL = /\b(?:cs_[a-z]+_|csa_|sk-)[A-Za-z0-9_-]{8,}/g;
const MAX_REASON_LENGTH = 300;

/**
 * Why a batch was parked, as far as a dashboard may see it: the first line of the error, credentials that look
 * like ours or an LLM key's removed, at most 300 characters. The full text stays in ingestion_jobs.error.
 */
export function publicFailureReason(error: string): string {
  const firstLine = error.split("\n").find((line) => line.trim() !== "") ?? "unknown";
  const cleaned = firstLine.replace(CREDENTIAL, "[redacted]").trim();
  return cleaned.length > MAX_REASON_LENGTH ? `${cleaned.slice(0, MAX_REASON_LENGTH - 1)}…` : cleaned;
}
