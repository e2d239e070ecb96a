import {
  loadIngestWorkerEnv,
  loadWorkerCliEnv,
  type IngestWorkerEnv,
  type WorkerCliEnv,
} from "@catsyphon/config";

export type { IngestWorkerEnv, WorkerCliEnv };

/** The worker's configuration, validated once at start (see .env.example). */
export function readEnv(): IngestWorkerEnv {
  return loadIngestWorkerEnv(process.env);
}

/** The worker's command line (`failed list|retry`): DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX. */
export function readWorkerCliEnv(): WorkerCliEnv {
  return loadWorkerCliEnv(process.env);
}
