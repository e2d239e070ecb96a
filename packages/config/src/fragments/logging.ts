import { envShape, oneOf } from "../fields";

// Exactly pino's level names, so LOG_LEVEL can be handed to @catsyphon/logger as is.
export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const nodeEnvs = ["development", "test", "production"] as const;

export const loggingFragment = envShape({
  LOG_LEVEL: oneOf(logLevels).default("info"),
  NODE_ENV: oneOf(nodeEnvs).default("development"),
});

export type LogLevel = (typeof logLevels)[number];
export type NodeEnv = (typeof nodeEnvs)[number];
