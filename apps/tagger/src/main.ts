// Entry point: `pnpm --filter @catsyphon/tagger start`. Several processes may run at once.
import { runService } from "@catsyphon/service-runtime";

import { readEnv } from "./env";
import { startTagger } from "./worker";

runService({
  name: "tagger",
  readEnv,
  start: startTagger,
  started: (tagger, env) => ({
    message: "tagging conversations",
    fields: { healthUrl: tagger.healthUrl, concurrency: env.TAGGER_CONCURRENCY, llm: tagger.llmEnabled },
  }),
  startFailureHint: "are Postgres and Redis reachable, and the database migrated?",
  stoppingMessage: "finishing the current tagging jobs",
});
