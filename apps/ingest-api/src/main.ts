// Entry point: `pnpm --filter @catsyphon/ingest-api start`.
import { runService } from "@catsyphon/service-runtime";
import { readEnv } from "./env";
import { startIngestApi } from "./server";

runService({
  name: "ingest-api",
  readEnv,
  start: startIngestApi,
  started: (api) => ({ message: "listening", fields: { url: api.url } }),
  startFailureHint: "is Postgres reachable and migrated? run pnpm db:migrate",
  stoppingMessage: "draining in-flight requests",
});
