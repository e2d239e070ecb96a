// The `data` of each event of GET /api/v1/events (packages/queue's live events without the workspace), for the
// OpenAPI document, the tests and the client hooks.
import { liveEventSchema } from "@catsyphon/queue";
import { z } from "zod";

const [created, updated, failed] = liveEventSchema.options;

export const liveEventDataSchemas = {
  "conversation.created": created.omit({ type: true, workspace_id: true }),
  "conversation.updated": updated.omit({ type: true, workspace_id: true }),
  "ingestion.failed": failed.omit({ type: true, workspace_id: true }),
  resync: z.object({ reason: z.string() }).describe("refetch what is shown; later events follow this id"),
} as const;

export const eventsQuerySchema = z.object({
  last_event_id: z
    .string()
    .optional()
    .describe("resume after this event id (for clients that cannot send the Last-Event-ID header)"),
});
