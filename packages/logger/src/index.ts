export type { Logger } from "pino";
export { type CreateLoggerOptions, createLogger } from "./logger";
export { formatPretty } from "./pretty";
export { CENSOR, redactPaths, redactSecretsInString } from "./redact";
