import path from "node:path";

const stub = path.join(__dirname, "..", "..", "bin", "schema-engine-unavailable");

/**
 * Environment for `prisma generate`: Prisma wants a schema-engine path even though generating the client never
 * runs it, so point it at a stub unless a real engine was configured. No telemetry, no update check.
 */
export function prismaGenerateEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}
