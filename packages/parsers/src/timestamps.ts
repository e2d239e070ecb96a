// Record timestamps as the protocol wants them: ISO 8601 in UTC with milliseconds (`toISOString()`). Agents write
// nearly all of theirs exactly so; those are recognized from their characters and kept as they are, sparing a Date
// parse and format on every record.

const CANONICAL_LENGTH = "2026-01-01T00:00:00.000Z".length;

/** The number written in decimal digits at value[start, end), or -1 when a character there is not a digit. */
function digits(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// The last two values found canonical: the same times come again and again (a message's versions, a record read
// then sent while the next one is read), and comparing with them is cheaper than checking anew.
let lastCanonical = "";
let previousCanonical = "";

/** Whether `new Date(value).toISOString()` gives `value` back unchanged: a real date in years 0000-9999. */
export function isCanonicalIsoTime(value: string): boolean {
  if (value === lastCanonical || value === previousCanonical) return true;
  const separated =
    value.length === CANONICAL_LENGTH &&
    value[4] === "-" &&
    value[7] === "-" &&
    value[10] === "T" &&
    value[13] === ":" &&
    value[16] === ":" &&
    value[19] === "." &&
    value[23] === "Z";
  if (!separated) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  const canonical =
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    digits(value, 20, 23) >= 0;
  if (canonical) {
    previousCanonical = lastCanonical;
    lastCanonical = value;
  }
  return canonical;
}
