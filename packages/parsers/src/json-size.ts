// Whether a value's JSON fits a length cap, mostly without serializing it. Every tool call's parameters and result
// are checked against the protocol's cap, and nearly all are far below it: an upper bound of the serialized length
// (each string character counted as a 6-character escape) settles those, and only a value that might not fit is
// serialized to know.

/** The longest JSON of a number (`-0.0000012345678901234567`). */
const MAX_NUMBER_LENGTH = 25;

/** `budget` minus the longest JSON `value` can have; negative when it may not fit (or is not plain JSON). */
function budgetLeft(value: unknown, budget: number): number {
  if (typeof value === "string") return budget - (value.length * 6 + 2);
  if (typeof value === "number") return budget - MAX_NUMBER_LENGTH;
  if (typeof value === "boolean" || value === null) return budget - "false".length;
  if (typeof value !== "object") return -1;
  if (Array.isArray(value)) {
    // Brackets, and a comma after each item (one more than needed).
    let left = budget - 2 - value.length;
    for (const item of value) {
      if (left < 0) return left;
      left = budgetLeft(item, left);
    }
    return left;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return -1;
  let left = budget - 2;
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (left < 0) return left;
    // Quoted key, colon, comma.
    left = budgetLeft(object[key], left - (key.length * 6 + 4));
  }
  return left;
}

/** The JSON of an object or array when it is longer than `max`; null when it fits (mostly known unserialized). */
export function oversizedJson(value: object, max: number): string | null {
  if (budgetLeft(value, max) >= 0) return null;
  const serialized = JSON.stringify(value);
  return serialized.length <= max ? null : serialized;
}
