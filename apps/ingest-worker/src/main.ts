// Entry point: `pnpm --filter @catsyphon/ingest-worker start`. Several processes may run at once.
import { runService } from "@catsyphon/service-runtime";
import { readEnv } from "./env";
import { startIngestWorker } from "./worker";

runService({
  name: "ingest-worker",
  readEnv,
  start: startIngestWorker,
  started: (worker, env) => ({
    message: "processing batches",
    fields: { healthUrl: worker.healthUrl, concurrency: env.WORKER_CONCURRENCY },
  }),
  startFailureHint: "are Postgres and Redis reachable, and the database migrated?",
  stoppingMessage: "finishing the current batches",
});
