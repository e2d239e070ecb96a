// Entry point: `pnpm --filter @catsyphon/ingest-worker start`. Several processes may run at once.
import { ConfigError } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { readEnv } from "./env";
import { startIngestWorker } from "./worker";

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
  const logger = createLogger({ name: "ingest-worker", level: env.LOG_LEVEL });
  const worker = await startIngestWorker(env, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, "could not start");
    process.exit(1);
  });
  logger.info({ healthUrl: worker.healthUrl, concurrency: env.WORKER_CONCURRENCY }, "processing batches");

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "finishing the current batches");
    worker.close().then(
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
