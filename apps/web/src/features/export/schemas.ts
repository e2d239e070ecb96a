// GET /api/v1/conversations/{id}/export (decision 0050): the query, and the shape of a JSONL export's lines.
import { z } from "zod";
import { messageSchema } from "../messages/schemas";

export const exportQuerySchema = z
  .object({
    format: z
      .enum(["md", "jsonl"])
      .default("md")
      .describe("md: a readable transcript; jsonl: one JSON object a line"),
  })
  .strict();
export type ExportFormat = z.output<typeof exportQuerySchema>["format"];

/** A JSONL export: first the conversation line, then one line per transcript item in sequence order. */
export const exportConversationLineSchema = z.object({
  record: z.literal("conversation"),
  conversation: z.record(z.string(), z.unknown()).describe("GET /conversations/{id}'s answer"),
});
export const exportMessageLineSchema = messageSchema.extend({ record: z.literal("message") });
