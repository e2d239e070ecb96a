"use client";
// The overview (DESIGN §6): totals, a chart per day, breakdowns and top tools for the range in the URL, and the
// sessions running now. The server renders the first view (UTC unless the URL names a zone); the browser refetches
// when the URL or the data changes.
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatInteger } from "../../../client/format";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { TableScroll } from "../../../client/table-scroll";
import { useApiQuery } from "../../../client/use-api-query";
import { BreakdownTable } from "../../activity/ui/breakdown-table";
import { DailyChart } from "../../activity/ui/daily-chart";
import { RangeForm } from "../../activity/ui/range-form";
import { TotalsList } from "../../activity/ui/totals";
import { rangeFromParams, rangeToQueryString, type RangeParams } from "../../activity/range-params";
import { type ConversationList } from "../../conversations/first-page";
import { type Overview, overviewSchema } from "../schemas";
import { LiveBoard } from "./live-board";

function pushRange(range: RangeParams) {
  const query = rangeToQueryString(range);
  window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
}

export function OverviewView({
  initial,
  initialBoard,
}: {
  initial: FirstRender<Overview>;
  initialBoard: FirstRender<ConversationList>;
}) {
  const searchParams = useSearchParams();
  const queryString = useMemo(() => rangeToQueryString(rangeFromParams(searchParams)), [searchParams]);
  const overview = useApiQuery({
    key: [QUERY_ROOTS.overview],
    path: "/api/v1/stats/overview",
    queryString,
    schema: overviewSchema,
    initial,
  });
  const data = overview.data;

  return (
    <>
      {data ? <RangeForm resolved={data.range} onChange={pushRange} /> : null}
      {overview.error ? (
        <div className="error-box" role="alert">
          <strong>The overview could not be loaded.</strong> {errorMessage(overview.error)}
          {data ? null : (
            <p>
              <button type="button" className="button-quiet" onClick={() => pushRange({})}>
                Show the last 30 days
              </button>
            </p>
          )}
        </div>
      ) : null}
      {data ? (
        <div className="overview" aria-busy={overview.isFetching}>
          <p className="range-note muted">
            {data.range.start_date} to {data.range.end_date}, days in {data.range.tz}. Active now: sessions
            with an event in the last 10 minutes.
          </p>
          <TotalsList
            totals={data.totals}
            label="Totals of the range"
            extra={[{ key: "active_now", label: "Active now", value: formatInteger(data.totals.active_now) }]}
          />
          <DailyChart days={data.daily} title="Per day" />
          <div className="two-columns">
            <LiveBoard initial={initialBoard} />
            <section className="panel" aria-labelledby="tools-heading">
              <h2 id="tools-heading">Top tools</h2>
              {data.top_tools.length === 0 ? (
                <p className="muted">No tool calls in this range.</p>
              ) : (
                <TableScroll label="Top tools, table">
                  <table className="data-table compact">
                    <thead>
                      <tr>
                        <th scope="col">Tool</th>
                        <th scope="col" className="num">
                          Calls
                        </th>
                        <th scope="col" className="num">
                          Failed
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.top_tools.map((tool) => (
                        <tr key={tool.tool_name}>
                          <th scope="row" className="row-head">
                            <code>{tool.tool_name}</code>
                          </th>
                          <td className="num">{formatInteger(tool.calls)}</td>
                          <td className="num">{formatInteger(tool.failures)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
          </div>
          <div className="two-columns">
            <BreakdownTable
              title="By agent"
              dimension="Agent"
              rows={data.by_agent.map((row) => ({ key: row.agent_type, label: row.agent_type, counts: row }))}
            />
            <BreakdownTable
              title="By model"
              dimension="Model"
              withSessions={false}
              rows={data.by_model.map((row) => ({
                key: row.model,
                label: <code>{row.model}</code>,
                counts: row,
              }))}
            />
            <BreakdownTable
              title="By project"
              dimension="Project"
              rows={data.by_project.map((row) => ({
                key: row.id ?? "none",
                label: row.name ?? <span className="muted">no project</span>,
                href: row.id ? `/projects/${row.id}` : undefined,
                counts: row,
              }))}
            />
            <BreakdownTable
              title="By developer"
              dimension="Developer"
              rows={data.by_developer.map((row) => ({
                key: row.id ?? "none",
                label: row.username ?? <span className="muted">unknown</span>,
                href: row.id ? `/developers/${row.id}` : undefined,
                counts: row,
              }))}
            />
          </div>
        </div>
      ) : null}
    </>
  );
}
