// The id of the HTTP request that caused a job (the ingest API's X-Request-Id), carried in the payload so the
// worker's log lines for the job can be joined with the API's line for the request (decision 0069).
import { z } from "zod";

/** The ingest API's own rule for an acceptable X-Request-Id; anything else it replaces with a fresh UUID. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdSchema = z.string().regex(REQUEST_ID_PATTERN, {
  error: "must be 1-128 letters, digits, '.', '_', ':' or '-'",
});
