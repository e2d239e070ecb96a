// The edge validation of a submitted batch, marked so the producer can enqueue its events without parsing them a
// second time. Validating a batch costs more than parsing its JSON; doing it once per process is the point.
import { eventBatchSchema } from "@catsyphon/protocol";
import { type z } from "zod";

/** eventBatchSchema itself; the brand only exists in the type. */
const validatedEventBatchSchema = eventBatchSchema.brand<"ValidatedEventBatch">();

/**
 * A request body that passed the protocol's eventBatchSchema in this process. Only `parseEventBatch` makes one,
 * so `producer.enqueueValidatedIngestBatch` can trust its events.
 */
export type ValidatedEventBatch = z.output<typeof validatedEventBatchSchema>;

/** Validates a batch body (POST /collectors/events) with the protocol's schema; the issues are zod's. */
export function parseEventBatch(body: unknown): z.ZodSafeParseResult<ValidatedEventBatch> {
  return validatedEventBatchSchema.safeParse(body);
}
