import "server-only";
import { createLogger, type Logger } from "@catsyphon/logger";
import { webEnv } from "./env";

const shared = globalThis as typeof globalThis & { __catsyphonWebLogger?: Logger };

/** The web process's logger (pino, with the shared redaction of credentials). */
export function logger(): Logger {
  shared.__catsyphonWebLogger ??= createLogger({ name: "web", level: webEnv().LOG_LEVEL });
  return shared.__catsyphonWebLogger;
}
