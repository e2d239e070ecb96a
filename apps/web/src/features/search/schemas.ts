// GET /api/v1/search read shapes (decision 0036).
import { z } from "zod";
import { messageTypeSchema } from "../messages/schemas";
import { pageOf, pageQuery, timestamp } from "../shared-schemas";
import { searchTermsSchema } from "./terms";

/** The counted total stops here, so a common word cannot make the count read the whole archive. */
export const SEARCH_COUNT_CAP = 10_000;

export const searchQuerySchema = z
  .object({
    q: searchTermsSchema.describe(
      'terms separated by whitespace, "quoted phrases" as one term; every term must occur (case-insensitive ' +
        "substring, taken literally); at least one term needs 3 letters or digits in a row",
    ),
    ...pageQuery,
    page_size: z.coerce.number().int().min(1).max(50).default(20).describe("at most 50"),
    conversation_id: z
      .uuid()
      .optional()
      .describe("only the messages of this conversation (find in a session)"),
  })
  .strict();
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
  conversation_id: z.uuid(),
  message_id: z.uuid(),
  sequence: z.int(),
  role: z.string(),
  message_type: messageTypeSchema,
  emitted_at: timestamp,
  snippet: z.string().describe("plain text around the first match (… where it is cut); never HTML"),
  highlights: z
    .array(z.tuple([z.int(), z.int()]))
    .describe("[start, end) offsets into snippet, in UTF-16 code units (JavaScript string indices), sorted"),
  conversation: z.object({
    project_name: z.string().nullable(),
    developer: z.string().nullable(),
    agent_type: z.string(),
    slug: z.string().nullable(),
    parent_conversation_id: z.uuid().nullable(),
  }),
});
export type SearchHit = z.output<typeof searchHitSchema>;

export const searchResultSchema = pageOf(searchHitSchema).extend({
  total_capped: z
    .boolean()
    .describe(`true when more than ${SEARCH_COUNT_CAP} messages match: total is then ${SEARCH_COUNT_CAP}`),
});
export type SearchResult = z.output<typeof searchResultSchema>;
