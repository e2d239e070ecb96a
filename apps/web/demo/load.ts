// Sends the demo corpus through the collector API of a running ingest API, as a collector does: one session at a
// time per client, its batches in order. A re-run sends the same events (the anchor is read back from the stored
// session 0), which the API acknowledges as duplicates.
import { eventBatchAcceptedSchema } from "@catsyphon/protocol";
import { z } from "zod";
import { type WireEvent } from "../bench/corpus";
import {
  demoSessionEvents,
  demoSessions,
  type DemoOptions,
  firstEventOffsetMs,
  freshAnchorMs,
} from "./corpus";

const EVENTS_PER_BATCH = 500;

export interface CollectorKey {
  apiUrl: string;
  apiKey: string;
  collectorId: string;
}

const registrationSchema = z.object({
  collector_id: z.string(),
  api_key: z.string(),
  workspace_id: z.string(),
});
const sessionStatusSchema = z.object({ first_event_at: z.string().nullable() });

/** Registers a collector with an admin credential (the bootstrap CATSYPHON_ADMIN_TOKEN or a csa_ admin token). */
export async function registerDemoCollector(
  apiUrl: string,
  adminToken: string,
): Promise<CollectorKey & { workspaceId: string }> {
  const response = await fetch(`${apiUrl}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ collector_type: "demo", collector_version: "1", hostname: "demo-loader" }),
  });
  if (response.status !== 201) {
    throw new Error(`POST /collectors answered ${response.status}: ${await response.text()}`);
  }
  const body = registrationSchema.parse(await response.json());
  return { apiUrl, apiKey: body.api_key, collectorId: body.collector_id, workspaceId: body.workspace_id };
}

const collectorHeaders = (key: CollectorKey) => ({
  authorization: `Bearer ${key.apiKey}`,
  "x-collector-id": key.collectorId,
  "content-type": "application/json",
});

/** The anchor a stored session 0 was sent with, or null when this corpus was never loaded. */
export async function storedAnchorMs(
  key: CollectorKey,
  options: Omit<DemoOptions, "anchorMs">,
): Promise<number | null> {
  const sessionZero = demoSessions({ ...options, anchorMs: 0 })[0]!.plan.sessionId;
  const response = await fetch(`${key.apiUrl}/collectors/sessions/${encodeURIComponent(sessionZero)}`, {
    headers: collectorHeaders(key),
  });
  if (response.status === 404) return null;
  if (response.status !== 200)
    throw new Error(`GET session ${sessionZero}: ${response.status} ${await response.text()}`);
  const { first_event_at } = sessionStatusSchema.parse(await response.json());
  return first_event_at === null ? null : Date.parse(first_event_at) - firstEventOffsetMs(options);
}

async function postBatch(
  key: CollectorKey,
  sessionId: string,
  events: WireEvent[],
): Promise<{ accepted: number; duplicates: number }> {
  const body = JSON.stringify({ session_id: sessionId, events });
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${key.apiUrl}/collectors/events`, {
      method: "POST",
      headers: collectorHeaders(key),
      body,
    });
    if (response.status === 202) return eventBatchAcceptedSchema.parse(await response.json());
    const text = await response.text();
    // A busy server may answer 503 or 429 for a moment; a batch is safe to resend.
    if ((response.status === 503 || response.status === 429) && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
      continue;
    }
    throw new Error(`POST /collectors/events for ${sessionId}: ${response.status} ${text}`);
  }
}

export interface LoadResult {
  anchorMs: number;
  /** True when session 0 was already stored, so its anchor was reused. */
  reran: boolean;
  sessions: number;
  events: number;
  accepted: number;
  duplicates: number;
  /** The last sequence of every session, by session id (what the worker has stored once it is done). */
  lastSequences: Map<string, number>;
}

export async function loadDemoCorpus(
  key: CollectorKey,
  options: Omit<DemoOptions, "anchorMs"> & { anchorMs?: number; clients?: number },
): Promise<LoadResult> {
  const stored = await storedAnchorMs(key, options);
  const anchorMs = options.anchorMs ?? stored ?? freshAnchorMs();
  const sessions = demoSessions({ ...options, anchorMs });
  const lastSequences = new Map<string, number>();
  let events = 0;
  let accepted = 0;
  let duplicates = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.clients ?? 4 }, async () => {
      // Sub-agents come right after their parent; sending in index order keeps parents first per client.
      for (let index = next++; index < sessions.length; index = next++) {
        const session = sessions[index]!;
        let batch: WireEvent[] = [];
        const flush = async () => {
          // Awaited first: `accepted += await …` would read `accepted` before another client's batch adds to it.
          const answer = await postBatch(key, session.plan.sessionId, batch);
          accepted += answer.accepted;
          duplicates += answer.duplicates;
          events += batch.length;
          lastSequences.set(session.plan.sessionId, batch[batch.length - 1]!.sequence);
          batch = [];
        };
        for (const event of demoSessionEvents(session)) {
          batch.push(event);
          if (batch.length === EVENTS_PER_BATCH) await flush();
        }
        if (batch.length > 0) await flush();
      }
    }),
  );
  return {
    anchorMs,
    reran: stored !== null,
    sessions: sessions.length,
    events,
    accepted,
    duplicates,
    lastSequences,
  };
}
