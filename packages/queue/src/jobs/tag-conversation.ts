// Ask the tagger to tag one conversation (rule tags, then LLM tags).
import { isoDateTimeSchema } from "@catsyphon/protocol";
import { z } from "zod";
import { requestIdSchema } from "./request-id";

/** Why tagging was requested: the session ended, the idle sweeper closed it, or a user asked. */
export const TAG_REASONS = ["session_end", "idle_timeout", "manual"] as const;
export const tagReasonSchema = z.enum(TAG_REASONS);
export type TagReason = z.infer<typeof tagReasonSchema>;

export const tagConversationJobSchema = z.object({
  workspace_id: z.uuid(),
  conversation_id: z.uuid(),
  reason: tagReasonSchema,
  requested_at: isoDateTimeSchema,
  /** The request id of the ingest job that asked for tagging, when it had one (not part of the job id). */
  request_id: requestIdSchema.optional(),
});

export type TagConversationJob = z.output<typeof tagConversationJobSchema>;
export type TagConversationJobInput = z.input<typeof tagConversationJobSchema>;

/**
 * `tag-<conversation_id>-<requested_at in epoch ms>`: one job per conversation and request instant. Derive
 * `requested_at` from the data that caused the request, not from the clock (e.g. the `server_received_at` of the
 * batch holding session_end), so a retried ingest job maps to the same tagging job instead of tagging twice.
 */
export function tagConversationJobId(
  job: Pick<TagConversationJob, "conversation_id" | "requested_at">,
): string {
  return `tag-${job.conversation_id}-${Date.parse(job.requested_at)}`;
}
