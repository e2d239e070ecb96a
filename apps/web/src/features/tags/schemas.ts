// Read and write shapes of a conversation's tags (the stored shape is @catsyphon/protocol's, written by
// apps/tagger): the human edit body, and the answers of the edit and the re-tag request.
import { storedTagsSchema, tagEditSchema } from "@catsyphon/protocol";
import { z } from "zod";

export { tagEditSchema };

export const conversationTagsSchema = z.object({
  id: z.uuid(),
  tags: storedTagsSchema,
});

export const retagAcceptedSchema = z.object({
  conversation_id: z.uuid(),
  job_id: z.string(),
  status: z.literal("queued"),
});
