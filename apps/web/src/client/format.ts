// How the dashboard writes numbers and times: compact, unambiguous, the same on the server's first render and in
// the browser (UTC-free formatting would differ between the two, so times are shown in UTC with the zone named).
const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatInteger = (value: number) => integer.format(value);

/** 1234567 → "1.2M"; exact below 10,000. */
export const formatTokens = (value: number) =>
  value < 10_000 ? integer.format(value) : compact.format(value);

export function formatCost(value: number | null): string {
  if (value === null) return "unknown";
  if (value === 0) return "$0.00";
  if (value < 0.01) return "<$0.01";
  return `$${value.toFixed(2)}`;
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  hourCycle: "h23",
});

/** "20 Nov 2026, 10:00 UTC", or an em dash for no time. */
export function formatTime(iso: string | null): string {
  if (!iso) return "—";
  return `${dateTime.format(new Date(iso))} UTC`;
}

/** "2 h 5 min" between two times; empty when either is missing. */
export function formatDuration(startIso: string | null, endIso: string | null): string {
  if (!startIso || !endIso) return "";
  const minutes = Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export const shortId = (id: string) => id.slice(0, 8);

const shortDateTime = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  hourCycle: "h23",
});

/** "20 Nov, 10:00" (UTC) for dense tables; the full time goes in a title. */
export function formatShortTime(iso: string | null): string {
  return iso ? shortDateTime.format(new Date(iso)) : "—";
}
