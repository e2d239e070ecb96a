import { loadIngestWorkerEnv, type IngestWorkerEnv } from "@catsyphon/config";

export type { IngestWorkerEnv };

/** The worker's configuration, validated once at start (see .env.example). */
export function readEnv(): IngestWorkerEnv {
  return loadIngestWorkerEnv(process.env);
}
