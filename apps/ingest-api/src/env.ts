import { loadIngestApiEnv, type IngestApiEnv } from "@catsyphon/config";

export type { IngestApiEnv };

/** The ingest API's configuration, validated once at start (see .env.example). */
export function readEnv(): IngestApiEnv {
  return loadIngestApiEnv(process.env);
}
