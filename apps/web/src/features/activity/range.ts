// A range of days in a time zone (decision 0033): the aggregates' 15-minute buckets make any zone's day an exact
// union of buckets, so the day series of `tz` is exact.
import { z } from "zod";
import { HttpError } from "../../server/http";

export const MAX_RANGE_DAYS = 400;
export const DEFAULT_RANGE_DAYS = 30;

const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

/** The query parameters of a day range (YYYY-MM-DD in `tz`). */
export const rangeQuery = {
  start_date: z.iso
    .date()
    .optional()
    .describe(`first day (YYYY-MM-DD in tz); default ${DEFAULT_RANGE_DAYS} days ago`),
  end_date: z.iso.date().optional().describe("last day, included (YYYY-MM-DD in tz); default today in tz"),
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, { error: "must be an IANA time zone name, e.g. Europe/Berlin" })
    .default("UTC")
    .describe("IANA time zone of the days; default UTC"),
};

export const rangeSchema = z.object({ start_date: z.iso.date(), end_date: z.iso.date(), tz: z.string() });
export type DayRange = z.output<typeof rangeSchema>;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Today in the time zone, as YYYY-MM-DD. */
function today(tz: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The range the parameters name, with the defaults; 400 when it is reversed or too long. */
export function resolveRange(
  query: { start_date?: string | undefined; end_date?: string | undefined; tz: string },
  now = new Date(),
): DayRange {
  const end = query.end_date ?? today(query.tz, now);
  const start = query.start_date ?? dayText(dayNumber(end) - (DEFAULT_RANGE_DAYS - 1));
  const days = dayNumber(end) - dayNumber(start) + 1;
  const problem =
    days < 1
      ? "end_date is before start_date"
      : days > MAX_RANGE_DAYS
        ? `the range exceeds ${MAX_RANGE_DAYS} days`
        : null;
  if (problem) {
    throw new HttpError("invalid_query", "The query parameters are invalid", {
      details: [{ path: days < 1 ? "end_date" : "start_date", message: problem }],
    });
  }
  return { start_date: start, end_date: end, tz: query.tz };
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  const first = dayNumber(range.start_date);
  return Array.from({ length: dayNumber(range.end_date) - first + 1 }, (_, i) => dayText(first + i));
}
