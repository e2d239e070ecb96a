import { envShape, int, port, text } from "../fields";

export const workerFragment = envShape({
  // Conversations written at once per process (each write is one transaction, so this many DB connections).
  WORKER_CONCURRENCY: int(1, 256).default(4),
  // Batches a process takes from the queue at once; batches of one conversation among them are written together.
  WORKER_BATCHES_IN_FLIGHT: int(1, 1024).default(64),
  // A session with no new events for this long is closed. Capped at a week.
  SESSION_IDLE_MINUTES: int(1, 7 * 24 * 60).default(30),
  WORKER_HEALTH_PORT: port().default(8001),
  // File of model prices overriding the built-in table used for cost_usd.
  PRICE_TABLE_FILE: text().optional(),
});
