// One accepted event batch of one session, as the ingest API hands it to the ingest worker. The API has already
// dropped duplicates and checked for gaps, so the events are exactly `first_sequence..last_sequence`.
import {
  collectorIdSchema,
  isoDateTimeSchema,
  MAX_EVENTS_PER_BATCH,
  protocolEventSchema,
  sequenceSchema,
  sessionIdSchema,
} from "@catsyphon/protocol";
import { z } from "zod";
import { requestIdSchema } from "./request-id";

/** Where the batch came from (ingestion_jobs.source). */
export const INGEST_SOURCES = ["collector", "watcher", "upload"] as const;
export const ingestSourceSchema = z.enum(INGEST_SOURCES);
export type IngestSource = z.infer<typeof ingestSourceSchema>;

/** Everything of a batch job but its events: who sent it, which session, which range, when it arrived. */
export const ingestBatchEnvelopeSchema = z.object({
  workspace_id: z.uuid(),
  collector_id: collectorIdSchema.nullable(),
  source: ingestSourceSchema,
  session_id: sessionIdSchema,
  conversation_id: z.uuid(),
  first_sequence: sequenceSchema,
  last_sequence: sequenceSchema,
  server_received_at: isoDateTimeSchema,
  /**
   * The identity of each event of the range, 32 hex digits each, concatenated in sequence order (the ingest
   * API's event identities, decision 0024): the worker stores them with the rows so the API can rebuild a
   * session's identities from Postgres. Absent in jobs of API versions that did not send them.
   */
  event_hashes: z
    .string()
    .regex(/^(?:[0-9a-f]{32})+$/, { error: "must be 32 lower-case hex digits per event" })
    .optional(),
  /** The X-Request-Id of the API request that accepted the batch; absent in jobs of older API versions. */
  request_id: requestIdSchema.optional(),
});
export type IngestBatchEnvelope = z.output<typeof ingestBatchEnvelopeSchema>;

export const ingestBatchJobSchema = ingestBatchEnvelopeSchema
  .extend({
    events: z
      .array(protocolEventSchema)
      .min(1, { error: "must contain at least one event" })
      .max(MAX_EVENTS_PER_BATCH, { error: `must contain at most ${MAX_EVENTS_PER_BATCH} events` }),
  })
  .superRefine((job, ctx) => {
    for (const issue of eventRangeIssues(job.first_sequence, job.last_sequence, job.events)) {
      ctx.addIssue({ ...issue, code: "custom" });
    }
    if (job.event_hashes !== undefined && job.event_hashes.length !== job.events.length * 32) {
      ctx.addIssue({
        code: "custom",
        path: ["event_hashes"],
        message: `must hold ${job.events.length} hashes (one per event), holds ${job.event_hashes.length / 32}`,
        input: job.event_hashes,
      });
    }
  });

/** Where and why events do not hold exactly `first..last` in order; empty when they do. */
export function eventRangeIssues(
  first: number,
  last: number,
  events: readonly { sequence: number }[],
): { path: (string | number)[]; message: string; input: number }[] {
  if (first > last) {
    return [
      {
        path: ["last_sequence"],
        message: `last_sequence ${last} is below first_sequence ${first}`,
        input: last,
      },
    ];
  }
  const issues: { path: (string | number)[]; message: string; input: number }[] = [];
  const expected = last - first + 1;
  if (events.length !== expected) {
    issues.push({
      path: ["events"],
      message: `must hold the ${expected} events ${first}..${last}, holds ${events.length}`,
      input: events.length,
    });
  }
  // One issue at the first mismatch is enough; a thousand would only repeat it.
  const index = events.findIndex((event, i) => event.sequence !== first + i);
  const mismatch = events[index];
  if (mismatch) {
    issues.push({
      path: ["events", index, "sequence"],
      message: `expected sequence ${first + index}, got ${mismatch.sequence}: events must be ${first}..${last}, contiguous and ascending`,
      input: mismatch.sequence,
    });
  }
  return issues;
}

/** Parsed payload, as the worker's handler receives it (normalized agent types). */
export type IngestBatchJob = z.output<typeof ingestBatchJobSchema>;
/** Payload as the ingest API may pass it. */
export type IngestBatchJobInput = z.input<typeof ingestBatchJobSchema>;

/**
 * Deterministic job id: the same range of the same conversation is the same job, so a retried submission (say the
 * API enqueued, then failed before answering) adds nothing while the first job is still kept. BullMQ custom ids
 * must not contain ":" nor be integers; this has neither.
 */
export function ingestBatchJobId(
  job: Pick<IngestBatchJob, "conversation_id" | "first_sequence" | "last_sequence">,
): string {
  return `batch-${job.conversation_id}-${job.first_sequence}-${job.last_sequence}`;
}
