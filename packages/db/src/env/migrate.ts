import { loadMigrateEnv } from "@catsyphon/config";

/** Configuration of the db command-line tools (DATABASE_URL, LOG_LEVEL), validated at start. */
export const cliEnv = loadMigrateEnv();
