// Postgres text and jsonb cannot hold NUL characters, which agent output occasionally contains; they are dropped
// (the protocol allows them in text, DESIGN decision 0005). Nor can they hold a lone UTF-16 surrogate (a string
// cut in the middle of an emoji): it becomes U+FFFD, as a UTF-8 encoder would write it.

export function stripNul(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "") : wellFormed;
}

const wellFormedStrings = (_key: string, value: unknown) =>
  typeof value === "string" && !value.isWellFormed() ? value.toWellFormed() : value;

// `\u0000` preceded by an even number of backslashes (none, or escaped ones).
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** JSON text of a value, safe for a jsonb column. */
export function jsonText(value: unknown): string {
  let text = JSON.stringify(value ?? null);
  // JSON.stringify writes a lone surrogate as a \udXXX escape, which jsonb rejects; rare, so checked after.
  if (/\\ud[89a-f]/i.test(text)) text = JSON.stringify(value ?? null, wellFormedStrings);
  // Only a real escape: `\\u0000` in the JSON is an escaped backslash followed by the text "u0000", which stays
  // (cutting it there left invalid JSON, and a batch whose text quoted "\u0000" could never be written).
  return text.includes("\\u0000") ? text.replace(NUL_ESCAPE, "$1") : text;
}
