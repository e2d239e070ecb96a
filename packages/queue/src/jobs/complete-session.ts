// POST /collectors/sessions/{session_id}/complete, handed to the ingest worker. It travels on the ingest queue,
// behind the session's batches, and carries the sequence it was requested at: the worker completes the session
// as of `up_to_sequence`, so a batch accepted earlier but processed later does not reopen it, while events after
// `up_to_sequence` still do (DESIGN §4.7).
import {
  isoDateTimeSchema,
  lastSequenceSchema,
  sessionIdSchema,
  sessionOutcomeSchema,
  textSchema,
} from "@catsyphon/protocol";
import { z } from "zod";
import { requestIdSchema } from "./request-id";

export const completeSessionJobSchema = z.object({
  workspace_id: z.uuid(),
  conversation_id: z.uuid(),
  session_id: sessionIdSchema,
  outcome: sessionOutcomeSchema,
  summary: textSchema.optional(),
  /** The session's last accepted sequence when completion was requested. */
  up_to_sequence: lastSequenceSchema,
  requested_at: isoDateTimeSchema,
  /** The X-Request-Id of the API request that asked for the completion. */
  request_id: requestIdSchema.optional(),
});

export type CompleteSessionJob = z.output<typeof completeSessionJobSchema>;
export type CompleteSessionJobInput = z.input<typeof completeSessionJobSchema>;

/**
 * `complete-<conversation_id>-<up_to_sequence>-<requested_at in epoch ms>`: one job per request. Not one per
 * session state: a second request with another outcome must not be dropped in favour of the first; applying two
 * completions of the same state is idempotent.
 */
export function completeSessionJobId(
  job: Pick<CompleteSessionJob, "conversation_id" | "up_to_sequence" | "requested_at">,
): string {
  return `complete-${job.conversation_id}-${job.up_to_sequence}-${Date.parse(job.requested_at)}`;
}
