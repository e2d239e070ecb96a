// The list's `tag` filter (decision 0035): `tag=key:value` (repeatable, all must match) matches a string field
// equal to value, an array containing it, or a boolean/number equal to it; `tag=key` means the key is present and
// neither false, null, 0, "" nor an empty array or object. Zod only: client
// components import the list's schemas, so the SQL (tag-filter-sql.ts) stays out of the browser bundle.
import { z } from "zod";

export interface TagCondition {
  key: string;
  /** Absent for `tag=key`. */
  value?: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
// Printable characters, no control characters; values are compared exactly (case-sensitive).
const VALUE = /^[^\p{Cc}]{1,200}$/u;

const oneTag = z.string().transform((raw, ctx): TagCondition => {
  const colon = raw.indexOf(":");
  const key = colon === -1 ? raw : raw.slice(0, colon);
  const value = colon === -1 ? undefined : raw.slice(colon + 1);
  if (!KEY.test(key)) {
    ctx.addIssue({
      code: "custom",
      message:
        "a tag key is 1-64 characters: a letter or _ first, then letters, digits, _ . or - (tag=key or tag=key:value)",
    });
    return z.NEVER;
  }
  if (value !== undefined && !VALUE.test(value)) {
    ctx.addIssue({ code: "custom", message: "a tag value is 1-200 characters without control characters" });
    return z.NEVER;
  }
  return value === undefined ? { key } : { key, value };
});

/** One `tag` parameter or several (the query parser hands repeated parameters over as an array). */
export const tagFilterSchema = z.preprocess(
  (value) => (Array.isArray(value) ? value : [value]),
  z.array(oneTag).min(1).max(10),
);
