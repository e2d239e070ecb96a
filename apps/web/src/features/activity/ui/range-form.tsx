"use client";
// The range of days and the time zone of a page, kept in the URL: a change pushes a history entry (back/forward
// restore it) and the page's queries follow the URL. The browser's own zone is offered once known (the server
// renders in UTC and says so).
import { useEffect, useState } from "react";
import { type RangeParams, daysBefore, todayIn } from "../range-params";

const PRESETS = [7, 30, 90] as const;

export function RangeForm({
  resolved,
  onChange,
}: {
  /** The range the data is for (the defaults filled in). */
  resolved: { start_date: string; end_date: string; tz: string };
  onChange: (range: RangeParams) => void;
}) {
  const [browserZone, setBrowserZone] = useState<string>();
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const zones = [...new Set(["UTC", resolved.tz, ...(browserZone ? [browserZone] : [])])];
  const set = (patch: RangeParams) => onChange({ ...resolved, ...patch });

  return (
    <form
      className="filters range-form"
      aria-label="Range and time zone"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="field">
        <span>From</span>
        <input
          type="date"
          value={resolved.start_date}
          max={resolved.end_date}
          onChange={(event) => event.target.value && set({ start_date: event.target.value })}
        />
      </label>
      <label className="field">
        <span>To (included)</span>
        <input
          type="date"
          value={resolved.end_date}
          min={resolved.start_date}
          onChange={(event) => event.target.value && set({ end_date: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Time zone of the days</span>
        <select value={resolved.tz} onChange={(event) => set({ tz: event.target.value })}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone === browserZone && zone !== "UTC" ? `${zone} (yours)` : zone}
            </option>
          ))}
        </select>
      </label>
      <div className="preset-buttons" role="group" aria-label="Quick ranges">
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            className="button-quiet"
            onClick={() => {
              const end = todayIn(resolved.tz);
              set({ start_date: daysBefore(end, days - 1), end_date: end });
            }}
          >
            Last {days} days
          </button>
        ))}
      </div>
    </form>
  );
}
