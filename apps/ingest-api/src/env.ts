import { type AdminCliEnv, loadAdminCliEnv, loadIngestApiEnv, type IngestApiEnv } from "@catsyphon/config";

export type { AdminCliEnv, IngestApiEnv };

/** The ingest API's configuration, validated once at start (see .env.example). */
export function readEnv(): IngestApiEnv {
  return loadIngestApiEnv(process.env);
}

/** The admin command-line tools' configuration (the database only). */
export function readAdminCliEnv(): AdminCliEnv {
  return loadAdminCliEnv(process.env);
}
