// Activity split by one dimension (agent, model, project, developer): one row each, with header cells.
import Link from "next/link";
import { type ReactNode } from "react";
import { formatCost, formatInteger } from "../../../client/format";
import { TableScroll } from "../../../client/table-scroll";
import { type ActivityCounts } from "../schemas";

export interface BreakdownRow {
  key: string;
  label: ReactNode;
  href?: string;
  counts: ActivityCounts;
}

export function BreakdownTable({
  title,
  dimension,
  rows,
  empty = "Nothing in this range.",
  withSessions = true,
}: {
  title: string;
  dimension: string;
  rows: BreakdownRow[];
  empty?: string;
  /** Off for models: sessions are not counted per model (a session may use several). */
  withSessions?: boolean;
}) {
  return (
    <section className="panel breakdown" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <TableScroll label={`${title}, table`}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{dimension}</th>
                {withSessions ? (
                  <th scope="col" className="num">
                    Sessions
                  </th>
                ) : null}
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
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row" className="row-head">
                    {row.href ? <Link href={row.href}>{row.label}</Link> : row.label}
                  </th>
                  {withSessions ? (
                    <td className="num">
                      {formatInteger(row.counts.sessions)}
                      {row.counts.subagent_sessions > 0 ? (
                        <span className="muted"> +{formatInteger(row.counts.subagent_sessions)} sub</span>
                      ) : null}
                    </td>
                  ) : null}
                  <td className="num">{formatInteger(row.counts.messages)}</td>
                  <td className="num">{formatInteger(row.counts.total_tokens)}</td>
                  <td className="num">{formatCost(row.counts.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
