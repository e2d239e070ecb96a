// The transcript read shapes (DESIGN §6): GET /api/v1/conversations/{id}/messages.
import { z } from "zod";
import { pageOf, timestamp } from "../shared-schemas";

export const MESSAGE_TYPES = [
  "prompt",
  "response",
  "tool_call",
  "tool_result",
  "thinking",
  "error",
  "summary",
  "context",
  "plan",
] as const;
export const messageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof messageTypeSchema>;

/** `types=tool_call,response`: a comma list of message types, each named once at most. */
const messageTypesList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const names = value.split(",").map((name) => name.trim());
    const types: MessageType[] = [];
    for (const name of names) {
      const parsed = messageTypeSchema.safeParse(name);
      if (!parsed.success) {
        ctx.addIssue({
          code: "custom",
          message: `unknown message type "${name.slice(0, 40)}"; use a comma list of ${MESSAGE_TYPES.join(", ")}`,
        });
        return z.NEVER;
      }
      if (!types.includes(parsed.data)) types.push(parsed.data);
    }
    return types;
  });

export const messageListQuerySchema = z
  .object({
    // No default here: a page given alongside from_sequence is refused below.
    page: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe("1-based page number (default 1); not with from_sequence"),
    page_size: z.coerce.number().int().min(1).max(1000).default(100).describe("at most 1000"),
    from_sequence: z.coerce
      .number()
      .int()
      .min(1)
      .max(2_147_483_647)
      .optional()
      .describe(
        "answer the page that holds the first item with a sequence at or after this one (e.g. a search hit); " +
          "the answer's page says which page that is",
      ),
    types: messageTypesList
      .optional()
      .describe(`only these message types, a comma list of ${MESSAGE_TYPES.join(", ")}`),
  })
  .strict()
  .refine((query) => query.page === undefined || query.from_sequence === undefined, {
    message: "send page or from_sequence, not both",
    path: ["from_sequence"],
  });
export type MessageListQuery = z.output<typeof messageListQuerySchema>;

export const toolCallSchema = z.object({
  tool_name: z.string().nullable(),
  tool_use_id: z.string().nullable(),
  parameters: z.unknown().describe("the call's input, as the agent sent it"),
  result: z.unknown().optional().describe("the tool's output, once its result arrived"),
  success: z.boolean().nullable().optional(),
});

export const messageSchema = z.object({
  id: z.uuid(),
  sequence: z.int(),
  role: z.enum(["human", "caller", "assistant", "agent", "tool", "system"]),
  message_type: messageTypeSchema,
  content: z.string(),
  tool_calls: z
    .array(toolCallSchema)
    .describe("a tool_call's call with its result joined in; a tool_result without a call holds its result"),
  extra_data: z
    .record(z.string(), z.unknown())
    .describe("model, token_usage, thinking_content, stop_reason and the event's other fields"),
  emitted_at: timestamp,
  observed_at: timestamp,
  cost_usd: z.number().nullable().describe("for a model response with token usage and a known price"),
  epoch_number: z.int().nullable().describe("the context window (1 until the first compaction)"),
});
export type MessageItem = z.output<typeof messageSchema>;

export const messageListSchema = pageOf(messageSchema);
export type MessageList = z.output<typeof messageListSchema>;
