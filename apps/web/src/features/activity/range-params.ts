// A day range in the page's URL (overview, project and developer detail): the API's own parameter names, written in
// one order, so the page's query string is also the API call's. Empty means the API's default (the last 30 days
// ending today, in UTC).
export const RANGE_KEYS = ["start_date", "end_date", "tz"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];
export type RangeParams = Partial<Record<RangeKey, string>>;

interface ParamsReader {
  get(name: string): string | null;
}

export function rangeFromParams(params: ParamsReader): RangeParams {
  const range: RangeParams = {};
  for (const key of RANGE_KEYS) {
    const value = params.get(key)?.trim();
    if (value) range[key] = value;
  }
  return range;
}

export function rangeToQueryString(
  range: RangeParams,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const key of RANGE_KEYS) {
    const value = range[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params.toString();
}

/** Today as YYYY-MM-DD in a time zone. */
export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The day `days` before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
