// One boot and shutdown path for every service process: validate the environment (a bad one exits 1 naming each
// variable), start, log how to reach it, and on SIGTERM/SIGINT stop taking work, finish what is in flight, exit 0.
import { ConfigError } from "@catsyphon/config";
import { createLogger, type Logger } from "@catsyphon/logger";

export interface RunningService {
  /** Stops taking work and lets in-flight work finish; resolves once everything is closed. */
  close(): Promise<void>;
}

export interface ServiceDefinition<
  E extends { LOG_LEVEL: Parameters<typeof createLogger>[0]["level"] },
  S extends RunningService,
> {
  name: string;
  readEnv(): E;
  start(env: E, logger: Logger): Promise<S>;
  /** Fields of the "started" log line (e.g. the URL), and its message. */
  started(service: S, env: E): { message: string; fields: Record<string, unknown> };
  /** Added to the log line when start fails, e.g. what to check. */
  startFailureHint: string;
  /** Logged when a signal arrives, e.g. "draining in-flight requests". */
  stoppingMessage: string;
}

export function runService<
  E extends { LOG_LEVEL: Parameters<typeof createLogger>[0]["level"] },
  S extends RunningService,
>(definition: ServiceDefinition<E, S>): void {
  let env: E;
  try {
    env = definition.readEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ name: definition.name, level: env.LOG_LEVEL });
  definition.start(env, logger).then(
    (service) => {
      const { message, fields } = definition.started(service, env);
      logger.info(fields, message);
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, definition.stoppingMessage);
        service.close().then(
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
    },
    (error: unknown) => {
      logger.fatal({ err: error }, `could not start (${definition.startFailureHint})`);
      process.exit(1);
    },
  );
}
