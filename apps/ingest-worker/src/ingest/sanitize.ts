// Postgres text and jsonb cannot hold NUL characters, which agent output occasionally contains; they are dropped
// (the protocol allows them in text, DESIGN decision 0005).

export function stripNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

/** JSON text of a value, safe for a jsonb column. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.includes("\\u0000") ? text.replaceAll("\\u0000", "") : text;
}
