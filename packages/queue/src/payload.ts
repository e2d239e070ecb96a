// Every payload crosses Redis through its job's schema: on enqueue (bad input never reaches the queue) and on
// dequeue (a job written by an older version, by hand, or corrupted never reaches a handler unchecked).
import { type z } from "zod";

import { InvalidJobPayloadError } from "./errors";

/** Parses `data` with `schema`; throws InvalidJobPayloadError (with the zod issues) when it does not fit. */
export function parseJobPayload<S extends z.ZodType>(jobName: string, schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidJobPayloadError(jobName, result.error.issues);
  return result.data;
}
