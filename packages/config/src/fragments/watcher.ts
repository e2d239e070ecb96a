import { z } from "zod";
import { envShape, url, uuid } from "../fields";

export const watcherFragment = envShape({
  // Ingest API base URL, e.g. http://127.0.0.1:8000.
  CATSYPHON_SERVER_URL: url(["http", "https"]).optional(),
  CATSYPHON_API_KEY: z
    .string()
    .regex(/^cs_[a-z]+_\S+$/, { error: "must look like cs_<env>_<key>" })
    .optional(),
  CATSYPHON_COLLECTOR_ID: uuid().optional(),
});
