// Sends the corpus through the real write path: the collector API (ingest-api process) -> BullMQ -> the ingest
// worker process -> Postgres, from concurrent clients (one session at a time per client, its batches in order),
// then waits until the conversations' counters say every row is written.
import { type Client } from "pg";
import { type CorpusOptions, planSession, sessionEvents, type WireEvent } from "./corpus";

const EVENTS_PER_BATCH = 500;

export interface CollectorCredentials {
  apiUrl: string;
  apiKey: string;
  collectorId: string;
  workspaceId: string;
}

export async function registerCollector(apiUrl: string, adminToken: string): Promise<CollectorCredentials> {
  const response = await fetch(`${apiUrl}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ collector_type: "bench", collector_version: "1", hostname: "bench-web" }),
  });
  if (response.status !== 201)
    throw new Error(`collector registration: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { api_key: string; collector_id: string; workspace_id: string };
  return { apiUrl, apiKey: body.api_key, collectorId: body.collector_id, workspaceId: body.workspace_id };
}

async function postBatch(
  credentials: CollectorCredentials,
  sessionId: string,
  events: WireEvent[],
): Promise<void> {
  const body = JSON.stringify({ session_id: sessionId, events });
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${credentials.apiUrl}/collectors/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${credentials.apiKey}`,
        "x-collector-id": credentials.collectorId,
        "content-type": "application/json",
      },
      body,
    });
    if (response.status === 202) {
      await response.arrayBuffer();
      return;
    }
    const text = await response.text();
    // A loaded machine may answer 503 for a moment; clients retry (the batch is idempotent).
    if ((response.status === 503 || response.status === 429) && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
      continue;
    }
    throw new Error(`POST /collectors/events for ${sessionId}: ${response.status} ${text}`);
  }
}

export interface IngestResult {
  sessions: number;
  rows: number;
  events: number;
  acceptedSeconds: number;
  visibleSeconds: number;
}

/** Sessions [from, to) of the corpus, sent by `clients` concurrent clients; resolves once every row is visible. */
export async function ingestSessions(
  credentials: CollectorCredentials,
  db: Client,
  corpus: CorpusOptions,
  range: { from: number; to: number },
  clients: number,
): Promise<IngestResult> {
  const rowsBefore = await visibleRows(db);
  let nextIndex = range.from;
  let rows = 0;
  let events = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = nextIndex++; index < range.to; index = nextIndex++) {
        const plan = planSession(corpus, index);
        rows += plan.rows;
        let batch: WireEvent[] = [];
        for (const event of sessionEvents(plan)) {
          batch.push(event);
          if (batch.length === EVENTS_PER_BATCH) {
            await postBatch(credentials, plan.sessionId, batch);
            events += batch.length;
            batch = [];
          }
        }
        if (batch.length > 0) {
          await postBatch(credentials, plan.sessionId, batch);
          events += batch.length;
        }
      }
    }),
  );
  const accepted = Date.now();
  await untilVisible(db, rowsBefore + rows);
  return {
    sessions: range.to - range.from,
    rows,
    events,
    acceptedSeconds: (accepted - started) / 1000,
    visibleSeconds: (Date.now() - started) / 1000,
  };
}

/** The conversations' message counters commit with the rows they count (cheaper to poll than count(*)). */
async function visibleRows(db: Client): Promise<number> {
  const result = await db.query<{ n: string }>(
    "SELECT coalesce(sum(message_count), 0) AS n FROM conversations",
  );
  return Number(result.rows[0]?.n ?? 0);
}

async function untilVisible(db: Client, rows: number): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const visible = await visibleRows(db);
    if (visible >= rows) break;
    if (visible !== last) {
      last = visible;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 120_000) {
      throw new Error(`no progress for 2 minutes: ${visible} of ${rows} rows visible`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const counted = await db.query<{ n: string }>("SELECT count(*) AS n FROM messages");
  if (Number(counted.rows[0]?.n ?? 0) < rows) {
    throw new Error(`the counters say ${rows} rows, but messages holds ${counted.rows[0]?.n}`);
  }
}
