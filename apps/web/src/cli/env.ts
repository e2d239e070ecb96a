import { type AdminCliEnv, loadAdminCliEnv } from "@catsyphon/config";

/** The admin CLI's configuration: the database (and the log level) only. */
export function readAdminCliEnv(): AdminCliEnv {
  return loadAdminCliEnv(process.env);
}

/**
 * The environment for `next build` and the Next server: this process's, with Next's telemetry off (nothing leaves
 * the machine) and the production mode Next expects.
 */
export function nextProcessEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
}

/** Turns Next's telemetry off for this process before Next loads. */
export function disableNextTelemetry(): void {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}

/**
 * Hands Next the configuration it resolved at build time, as the server.js of a standalone build does; and, like
 * it, production mode unless told otherwise (Next picks its prebuilt production runtime from NODE_ENV).
 */
export function useBuiltNextConfig(config: unknown): void {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  // Next's types declare NODE_ENV read-only; it is an ordinary variable at run time.
  if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });
}
