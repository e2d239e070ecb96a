import "server-only";
// Search terms (terms.ts) as SQL over a message row `m`.
import { Prisma } from "@catsyphon/db";
import { containsPattern } from "./terms";

/**
 * What search reads of a message: its text (prompts, responses, thinking, errors, and a tool result's output,
 * which the worker stores as the result row's content) and a tool call's parameters as JSON text. The same
 * expression as messages_search_trgm_idx, so the planner can use that index.
 */
export const messageSearchText = Prisma.sql`(m.content || COALESCE(' ' || ((m.tool_calls -> 0) -> 'parameters')::text, ''))`;

/** `text` contains every term, case-insensitively. */
export function matchesAllTerms(text: Prisma.Sql, terms: readonly string[]): Prisma.Sql {
  return Prisma.join(
    terms.map((term) => Prisma.sql`${text} ILIKE ${containsPattern(term)}`),
    " AND ",
  );
}
