// The conversations read shapes (DESIGN §6): one source for the handlers, the OpenAPI document and, later, the
// client hooks.
import { normalizeAgentType } from "@catsyphon/protocol";
import { z } from "zod";
import { searchTermsSchema } from "../search/terms";
import { nullableTimestamp, pageOf, pageQuery, timestamp } from "../shared-schemas";
import { tagFilterSchema } from "./tag-filter";

const day = z.iso.date();
/** A day (YYYY-MM-DD, UTC) or an exact time with its offset. */
const dateOrTime = z.union([day, z.iso.datetime({ offset: true })]);

export const conversationListQuerySchema = z
  .object({
    ...pageQuery,
    page_size: z.coerce.number().int().min(1).max(100).default(25).describe("at most 100"),
    project_id: z.uuid().optional(),
    developer_id: z.uuid().optional(),
    agent_type: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .transform(normalizeAgentType)
      .optional()
      .describe("e.g. claude_code, codex, gemini (aliases such as claude-code are accepted)"),
    status: z.enum(["active", "completed"]).optional(),
    success: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
    start_date: dateOrTime.optional().describe("sessions that started at or after this day or time"),
    end_date: dateOrTime
      .optional()
      .describe("sessions that started on or before this day, or before this time"),
    tag: tagFilterSchema
      .optional()
      .describe(
        "repeatable, all must match: key:value (a string equal to value, an array containing it, or a boolean " +
          "or number equal to it, e.g. has_errors:true) or key (present and not false, null, 0 or empty)",
      ),
    q: searchTermsSchema
      .optional()
      .describe(
        "sessions whose messages, or whose sub-agents' messages, or whose slug or summary contain every term " +
          '(as GET /search: case-insensitive substrings, "quoted phrases")',
      ),
  })
  // Unknown parameters are refused rather than ignored: a misspelt filter must not quietly list everything.
  .strict();
export type ConversationListQuery = z.output<typeof conversationListQuerySchema>;

export const conversationIdParamsSchema = z.object({ id: z.uuid() });

export const conversationSummarySchema = z.object({
  id: z.uuid(),
  collector_session_id: z.string(),
  parent_conversation_id: z.uuid().nullable(),
  conversation_type: z.enum(["main", "agent"]),
  project_id: z.uuid().nullable(),
  project_name: z.string().nullable(),
  developer_id: z.uuid().nullable(),
  developer: z.string().nullable().describe("the developer's username"),
  agent_type: z.string(),
  agent_version: z.string().nullable(),
  status: z.enum(["active", "completed"]),
  outcome: z.string().nullable(),
  success: z.boolean().nullable(),
  start_time: nullableTimestamp,
  end_time: nullableTimestamp,
  last_activity_at: timestamp,
  message_count: z.int(),
  tool_call_count: z.int(),
  files_count: z.int().describe("distinct files touched"),
  slug: z.string().nullable(),
  git_branch: z.string().nullable(),
  input_tokens: z.int(),
  output_tokens: z.int(),
  cache_read_tokens: z.int(),
  cache_creation_tokens: z.int(),
  total_tokens: z.int(),
  cost_usd: z.number().nullable().describe("null when a model's price is unknown"),
  tags: z.record(z.string(), z.unknown()),
});
export type ConversationSummary = z.output<typeof conversationSummarySchema>;

export const conversationListItemSchema = conversationSummarySchema.extend({
  children: z.array(conversationSummarySchema).describe("sub-agent sessions (depth 1)"),
});

export const conversationListSchema = pageOf(conversationListItemSchema);

export const conversationDetailSchema = conversationSummarySchema.extend({
  extra_data: z.record(z.string(), z.unknown()).describe("slug, summaries, plans, compaction_events, ..."),
  epochs: z.array(
    z.object({
      epoch_number: z.int(),
      start_sequence: z.int(),
      started_at: nullableTimestamp,
      trigger: z.string().nullable(),
      pre_tokens: z.int().nullable(),
      summary: z.string().nullable(),
    }),
  ),
  files_touched: z
    .array(
      z.object({
        file_path: z.string(),
        change_type: z.enum(["read", "write", "edit", "create"]),
        touches: z.int().describe("How many times the session made this kind of change to the file"),
        lines_added: z.int().describe("Summed over the touches"),
        lines_deleted: z.int().describe("Summed over the touches"),
        touched_at: nullableTimestamp.describe("The last touch"),
      }),
    )
    .describe("One entry per file and kind of change, by path"),
  children: z.array(conversationSummarySchema),
});
export type ConversationDetail = z.output<typeof conversationDetailSchema>;
