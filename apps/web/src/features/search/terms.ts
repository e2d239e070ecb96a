// Search terms as the user typed them (decision 0036): whitespace separates terms, "a quoted phrase" is one term,
// every term must match, each as a case-insensitive substring taken literally (LIKE's % _ \ are escaped). The
// trigram index can only narrow a search when a term holds three letters or digits in a row.
// Zod only (client components import it); the SQL is in terms-sql.ts.
import { z } from "zod";

export const MAX_TERMS = 10;
export const MAX_TERM_LENGTH = 200;

/** Splits `q` into terms: "quoted phrases" whole (an unclosed quote runs to the end), the rest on whitespace. */
export function splitTerms(q: string): string[] {
  const terms: string[] = [];
  for (const match of q.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? "").trim();
    if (term !== "") terms.push(term);
  }
  return terms;
}

/** Three letters or digits in a row: what pg_trgm needs to turn a pattern into index lookups. */
export const isIndexable = (term: string) => /[\p{L}\p{N}]{3}/u.test(term);

/** A q parameter: 1-500 characters, at most MAX_TERMS terms, at least one of them indexable. */
export const searchTermsSchema = z
  .string()
  .max(500)
  .transform((q, ctx) => {
    const terms = splitTerms(q);
    const problem =
      terms.length === 0
        ? "q has no search term"
        : terms.length > MAX_TERMS
          ? `q has more than ${MAX_TERMS} terms`
          : terms.some((term) => term.length > MAX_TERM_LENGTH)
            ? `a search term is longer than ${MAX_TERM_LENGTH} characters`
            : !terms.some(isIndexable)
              ? "at least one search term needs 3 or more letters or digits in a row (shorter terms cannot use the search index)"
              : undefined;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return terms;
  });
