// Building blocks of the hand-written record guards on the parsers' hot paths (docs/decisions/0011). Each accepts
// exactly what the matching zod type accepts, for values that came out of JSON.parse (the only values they get),
// without building the copy of the record that a zod parse makes.

/** A JSON object: what zod's object and record types accept (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `z.number()`: finite numbers only. */
export function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** `z.string().nullish()` (or `.optional().nullable()`). */
export function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === "string";
}

/** `z.boolean().nullish()`. */
export function isOptionalBoolean(value: unknown): value is boolean | null | undefined {
  return value === undefined || value === null || typeof value === "boolean";
}

/** `z.number().nullish()`. */
export function isOptionalNumber(value: unknown): value is number | null | undefined {
  return value === undefined || value === null || isNumber(value);
}

/** An object or nothing: `z.looseObject({...only optional fields}).nullish()`, `z.record(...).nullish()`. */
export function isOptionalObject(value: unknown): value is Record<string, unknown> | null | undefined {
  return value === undefined || value === null || isObject(value);
}

/** `z.array(item)`: an array whose every item passes. */
export function isArrayOf<T>(value: unknown, isItem: (item: unknown) => item is T): value is T[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isItem(item)) return false;
  return true;
}
