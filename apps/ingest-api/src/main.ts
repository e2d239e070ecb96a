// Entry point: `pnpm --filter @catsyphon/ingest-api start`.
import { ConfigError } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { readEnv } from "./env";
import { startIngestApi } from "./server";

async function main(): Promise<void> {
  let env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ name: "ingest-api", level: env.LOG_LEVEL });
  const api = await startIngestApi(env, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, "could not start (is Postgres reachable and migrated? run pnpm db:migrate)");
    process.exit(1);
  });
  logger.info({ url: api.url }, "listening");

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "draining in-flight requests");
    api.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main();
