"use client";
// A developer (GET /api/v1/developers/{id}): all-time totals, a chart per day for the range in the URL, projects,
// agents, and their sessions (the conversations list filtered by developer_id).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { type z } from "zod";
import { errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatShortTime, formatTime } from "../../../client/format";
import { pageFromParams } from "../../../client/page-param";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { useApiQuery } from "../../../client/use-api-query";
import { rangeFromParams, rangeToQueryString, type RangeParams } from "../../activity/range-params";
import { BreakdownTable } from "../../activity/ui/breakdown-table";
import { DailyChart } from "../../activity/ui/daily-chart";
import { RangeForm } from "../../activity/ui/range-form";
import { SessionsPanel } from "../../activity/ui/sessions-panel";
import { TotalsList } from "../../activity/ui/totals";
import { type ConversationList } from "../../conversations/first-page";
import { developerSessionsQuery } from "../page-queries";
import { developerDetailSchema } from "../schemas";

function pushRange(range: RangeParams) {
  const page = new URLSearchParams(window.location.search).get("page") ?? undefined;
  const query = rangeToQueryString(range, { page });
  window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
}

export function DeveloperDetailView({
  id,
  initial,
  initialSessions,
}: {
  id: string;
  initial: FirstRender<z.output<typeof developerDetailSchema>>;
  initialSessions: FirstRender<ConversationList>;
}) {
  const searchParams = useSearchParams();
  const rangeQuery = useMemo(() => rangeToQueryString(rangeFromParams(searchParams)), [searchParams]);
  const page = pageFromParams(searchParams);
  const developer = useApiQuery({
    key: [QUERY_ROOTS.developer, id],
    path: `/api/v1/developers/${id}`,
    queryString: rangeQuery,
    schema: developerDetailSchema,
    initial,
  });
  const data = developer.data;
  const name =
    (data ? (data.display_name ?? data.username) : undefined) ??
    ("data" in initial ? initial.data.username : "Developer");

  return (
    <article className="detail">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/developers">Developers</Link>
      </nav>
      <h1>{name}</h1>
      {developer.error ? (
        <div className="error-box" role="alert">
          <strong>The developer could not be loaded.</strong> {errorMessage(developer.error)}
        </div>
      ) : null}
      {data ? (
        <>
          <p className="muted">
            {data.display_name ? `${data.username} · ` : ""}last activity{" "}
            <span title={formatTime(data.last_activity_at)}>{formatShortTime(data.last_activity_at)}</span>
          </p>
          <TotalsList totals={data.totals} label="All-time totals of the developer" />
          <RangeForm resolved={data.range} onChange={pushRange} />
          <DailyChart days={data.daily} title="Per day" />
          <div className="two-columns">
            <BreakdownTable
              title="Projects"
              dimension="Project"
              rows={data.projects.map((row) => ({
                key: row.id ?? "none",
                label: row.name ?? <span className="muted">no project</span>,
                href: row.id ? `/projects/${row.id}` : undefined,
                counts: row,
              }))}
            />
            <BreakdownTable
              title="Agents"
              dimension="Agent"
              rows={data.agents.map((row) => ({ key: row.agent_type, label: row.agent_type, counts: row }))}
            />
          </div>
        </>
      ) : null}
      <SessionsPanel
        queryKey={[QUERY_ROOTS.conversations]}
        path="/api/v1/conversations"
        queryString={developerSessionsQuery(id, page)}
        initial={initialSessions}
        pageParam="page"
        allHref={`/conversations?developer_id=${id}`}
      />
    </article>
  );
}
