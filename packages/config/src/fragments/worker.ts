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
  // A batch whose write failed for a passing reason (Postgres away, deadlock, timeout) waits this long before its
  // first retry, twice as long before each next one, at most WORKER_RETRY_MAX_MS (with jitter), and is retried
  // for as long as it takes: there is no last attempt.
  WORKER_RETRY_BASE_MS: int(10, 3_600_000).default(1_000),
  WORKER_RETRY_MAX_MS: int(10, 24 * 3_600_000).default(60_000),
  // How often each worker re-creates the idle sweeper's schedule in Redis (it is also created at start), so a
  // Redis flush or restart loses at most this long of sweeping.
  IDLE_SWEEP_REASSERT_MS: int(1_000, 24 * 3_600_000).default(300_000),
  // Live events kept in the Redis stream the dashboards resume from (approximate: Redis trims in whole nodes).
  LIVE_EVENTS_MAX_LENGTH: int(100, 10_000_000).default(10_000),
});
