import { envShape, text } from "../fields";

/** `pnpm start` on one machine: where it keeps an embedded Postgres and a private Redis when it starts them. */
export const launcherFragment = envShape({
  // Relative paths are taken from the repository root.
  CATSYPHON_DATA_DIR: text(1).default("./.data"),
  // Which apps to start, by folder name under apps/ (comma-separated, e.g. "ingest-api,ingest-worker"); every app
  // with a start script when unset.
  CATSYPHON_APPS: text(1).optional(),
});
