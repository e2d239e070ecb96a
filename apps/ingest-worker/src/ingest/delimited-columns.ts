// Rows handed to Postgres as one delimited text per column, split there by `string_to_array` and zipped by
// `unnest`. Postgres splits such a text several times faster than it parses the same rows as one JSON document
// (json_to_recordset), and the worker only joins strings instead of escaping every value into JSON.

/** Separator and NULL marker: control characters no agent text is likely to hold, checked for every write. */
const DEFAULT_SEPARATOR = "\u001e\u001f";
const DEFAULT_NULL = "\u001f\u001e";

export interface DelimitedColumns {
  separator: string;
  /** A value exactly equal to this is NULL. */
  nullMarker: string;
  /**
   * One text per column: the separator, then the values joined by it (so a single empty value still reads as one
   * row); NULL for a column without rows (string_to_array would read a lone separator as one empty value).
   */
  texts: (string | null)[];
}

function fits(
  columns: readonly (readonly (string | null)[])[],
  separator: string,
  nullMarker: string,
): boolean {
  for (const column of columns) {
    for (const value of column) {
      if (value !== null && (value.includes(separator) || value === nullMarker)) return false;
    }
  }
  return true;
}

/**
 * The columns (each a list of the rows' values, all of the same length) as delimited texts. The separator and
 * the NULL marker are the defaults unless a value holds them; then a random pair no value holds is used.
 */
export function delimitedColumns(
  columns: readonly (readonly (string | null)[])[],
  random: () => string = () => Math.random().toString(36).slice(2),
): DelimitedColumns {
  let separator = DEFAULT_SEPARATOR;
  let nullMarker = DEFAULT_NULL;
  while (!fits(columns, separator, nullMarker)) {
    const token = random();
    separator = `\u001e${token}\u001f`;
    nullMarker = `\u001f${token}\u001e`;
  }
  const texts = columns.map((column) =>
    column.length === 0
      ? null
      : separator + column.map((value) => (value === null ? nullMarker : value)).join(separator),
  );
  return { separator, nullMarker, texts };
}

/**
 * SQL for the array of one column: `$text` split at `$separator`, NULL where `$nullMarker`, without the first
 * (empty) element, cast to `type[]`.
 */
export function columnArraySql(text: string, separator: string, nullMarker: string, type: string): string {
  return `(string_to_array(${text}, ${separator}, ${nullMarker}))[2:]::${type}[]`;
}
