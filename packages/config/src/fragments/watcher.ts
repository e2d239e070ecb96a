import { z } from "zod";
import { envShape, int, text, url, uuid } from "../fields";

export const watcherFragment = envShape({
  // Ingest API base URL, e.g. http://127.0.0.1:8000.
  CATSYPHON_SERVER_URL: url(["http", "https"]).optional(),
  CATSYPHON_API_KEY: z
    .string()
    .regex(/^cs_[a-z]+_\S+$/, { error: "must look like cs_<env>_<key>" })
    .optional(),
  CATSYPHON_COLLECTOR_ID: uuid().optional(),
  // Where `catsyphon login` keeps server and credentials (default $XDG_CONFIG_HOME/catsyphon/config.json).
  CATSYPHON_CONFIG_FILE: text().optional(),
  // Where the watcher keeps per-file progress (default $XDG_STATE_HOME/catsyphon).
  CATSYPHON_STATE_DIR: text().optional(),
  // A session whose log has not grown for this long is marked complete (outcome unknown).
  CATSYPHON_SESSION_IDLE_SECONDS: int(1, 7 * 24 * 3600).default(1800),
});
