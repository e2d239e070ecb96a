import "server-only";
// Search terms as SQL (decision 0036): each term a case-insensitive substring, taken literally.
import { Prisma } from "@catsyphon/db";

/** The LIKE pattern matching `term` anywhere, its metacharacters taken literally (backslash is LIKE's escape). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

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
