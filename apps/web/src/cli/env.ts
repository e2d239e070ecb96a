import { type AdminCliEnv, loadAdminCliEnv } from "@catsyphon/config";

/** The admin CLI's configuration: the database (and the log level) only. */
export function readAdminCliEnv(): AdminCliEnv {
  return loadAdminCliEnv(process.env);
}
