// Activity totals as a list of named numbers (exact integers, so they read the same as the API's).
import { type z } from "zod";
import { formatCost, formatInteger } from "../../../client/format";
import { type activityTotalsSchema } from "../schemas";

type Totals = z.output<typeof activityTotalsSchema>;

export const formatRate = (rate: number | null) =>
  rate === null ? "no outcome yet" : `${(rate * 100).toFixed(1)}%`;

export function TotalsList({
  totals,
  label,
  extra = [],
}: {
  totals: Totals;
  label: string;
  extra?: { key: string; label: string; value: string }[];
}) {
  const items = [
    { key: "sessions", label: "Sessions", value: formatInteger(totals.sessions) },
    { key: "subagent_sessions", label: "Sub-agent sessions", value: formatInteger(totals.subagent_sessions) },
    { key: "messages", label: "Messages", value: formatInteger(totals.messages) },
    { key: "input_tokens", label: "Input tokens", value: formatInteger(totals.input_tokens) },
    { key: "output_tokens", label: "Output tokens", value: formatInteger(totals.output_tokens) },
    { key: "cache_read_tokens", label: "Cache read tokens", value: formatInteger(totals.cache_read_tokens) },
    {
      key: "cache_creation_tokens",
      label: "Cache creation tokens",
      value: formatInteger(totals.cache_creation_tokens),
    },
    { key: "cost_usd", label: "Cost", value: formatCost(totals.cost_usd) },
    { key: "success_rate", label: "Success rate", value: formatRate(totals.success_rate) },
    ...extra,
  ];
  return (
    <dl className="stat-grid" aria-label={label}>
      {items.map((item) => (
        <div key={item.key} className="stat">
          <dt>{item.label}</dt>
          <dd data-testid={`total-${item.key}`}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
