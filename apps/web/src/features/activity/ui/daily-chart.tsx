"use client";
// An inline SVG bar chart of one measure per day (no chart library, no font download): the picture is one image
// with a text summary for screen readers, each bar names its day and value on hover, and the exact numbers are in
// a table below it (collapsed), so nothing is shown by the picture alone.
import { useId, useState } from "react";
import { type z } from "zod";
import { formatCost, formatInteger, formatTokens } from "../../../client/format";
import { TableScroll } from "../../../client/table-scroll";
import { type dailyActivitySchema } from "../schemas";

type Day = z.output<typeof dailyActivitySchema>;

const MEASURES = {
  sessions: { label: "Sessions", value: (day: Day) => day.sessions, format: formatInteger },
  total_tokens: { label: "Tokens", value: (day: Day) => day.total_tokens, format: formatTokens },
  cost_usd: { label: "Cost (USD)", value: (day: Day) => day.cost_usd, format: (v: number) => formatCost(v) },
  messages: { label: "Messages", value: (day: Day) => day.messages, format: formatInteger },
} as const;
type Measure = keyof typeof MEASURES;

const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 8;
const BOTTOM = 20;
const TOP = 16;

const shortDay = (day: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );

export function DailyChart({
  days,
  title,
  defaultMeasure = "sessions",
}: {
  days: Day[];
  title: string;
  defaultMeasure?: Measure;
}) {
  const [measure, setMeasure] = useState<Measure>(defaultMeasure);
  const selectId = useId();
  const { label, value, format } = MEASURES[measure];
  const values = days.map(value);
  const max = Math.max(0, ...values);
  const total = values.reduce((sum, v) => sum + v, 0);
  const peak = days[values.indexOf(max)];
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const bar = Math.max(1, slot * 0.72);
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const first = days[0];
  const last = days[days.length - 1];
  const summary =
    first && last
      ? `${label} per day from ${first.date} to ${last.date}: total ${format(total)}` +
        (peak && max > 0 ? `, highest ${format(max)} on ${peak.date}.` : ", none in this range.")
      : "No days in this range.";

  return (
    <section className="panel chart-panel" aria-labelledby={`${selectId}-title`}>
      <div className="chart-head">
        <h2 id={`${selectId}-title`}>{title}</h2>
        <label className="field chart-measure" htmlFor={selectId}>
          <span>Show</span>
          <select
            id={selectId}
            value={measure}
            onChange={(event) => setMeasure(event.target.value as Measure)}
          >
            {Object.entries(MEASURES).map(([key, entry]) => (
              <option key={key} value={key}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <svg
        className="daily-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        preserveAspectRatio="none"
      >
        <line x1={LEFT} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} className="chart-axis" />
        {days.map((day, index) => {
          const v = value(day);
          const h = max > 0 ? (v / max) * plotHeight : 0;
          return (
            <rect
              key={day.date}
              x={LEFT + index * slot + (slot - bar) / 2}
              y={HEIGHT - BOTTOM - h}
              width={bar}
              height={Math.max(h, v > 0 ? 1 : 0)}
              className="chart-bar"
            >
              <title>{`${day.date}: ${format(v)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="chart-legend" aria-hidden="true">
        <span>{first ? shortDay(first.date) : ""}</span>
        <span>
          max {format(max)} · total {format(total)}
        </span>
        <span>{last ? shortDay(last.date) : ""}</span>
      </div>
      <p className="visually-hidden">{summary}</p>
      <details className="chart-numbers">
        <summary>Numbers per day</summary>
        <TableScroll label={`${title}: numbers per day`}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Sessions
                </th>
                <th scope="col" className="num">
                  Messages
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{day.date}</th>
                  <td className="num">{formatInteger(day.sessions)}</td>
                  <td className="num">{formatInteger(day.messages)}</td>
                  <td className="num">{formatInteger(day.total_tokens)}</td>
                  <td className="num">{formatCost(day.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </section>
  );
}
