import { envShape, int, url } from "../fields";

/** Postgres, used by ingest-api, ingest-worker, tagger, web and the migration runner. */
export const databaseFragment = envShape({
  // Local trust-auth Postgres, the development default (DESIGN section 7).
  DATABASE_URL: url(["postgres", "postgresql"]).default("postgresql://postgres@127.0.0.1:5432/catsyphon"),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
});
