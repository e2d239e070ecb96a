import { envShape, int, port } from "../fields";

const MAX_RATE = 1_000_000_000;

export const ingestApiFragment = envShape({
  INGEST_API_PORT: port().default(8000),
  // Capped at 100 MiB: bodies are parsed in memory.
  MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  MAX_EVENTS_PER_BATCH: int(1, 100_000).default(1000),
  // Per collector; 0 turns the limit off.
  RATE_LIMIT_EVENTS_PER_MIN: int(0, MAX_RATE).default(60_000),
  RATE_LIMIT_REQUESTS_PER_MIN: int(0, MAX_RATE).default(600),
});
