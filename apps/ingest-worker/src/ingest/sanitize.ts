// Postgres text and jsonb cannot hold NUL characters, which agent output occasionally contains; they are dropped
// (the protocol allows them in text, DESIGN decision 0005). Nor can they hold a lone UTF-16 surrogate (a string
// cut in the middle of an emoji): it becomes U+FFFD, as a UTF-8 encoder would write it.
import { postgresSafeJson } from "@catsyphon/protocol";

export function stripNul(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "") : wellFormed;
}

/** JSON text of a value, safe for a jsonb column. */
export function jsonText(value: unknown): string {
  let text = JSON.stringify(value ?? null);
  // JSON.stringify writes a lone surrogate as a \udXXX escape, which jsonb rejects; rare, so checked after.
  // Keys too (a replacer sees only values): postgresSafeJson rewrites both.
  if (/\\ud[89a-f]/i.test(text)) text = JSON.stringify(postgresSafeJson(value ?? null));
  // Only a \u0000 escape preceded by an even number of backslashes is a NUL; `\\u0000` is the text "\u0000".
  return text.includes("\\u0000") ? text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1") : text;
}
