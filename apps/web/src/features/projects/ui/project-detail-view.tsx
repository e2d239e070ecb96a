"use client";
// A project (GET /api/v1/projects/{id}): all-time totals, cost per day for the range in the URL, developers,
// agents, hot files (/files) and its sessions (/sessions, the conversations list's table).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { type z } from "zod";
import { errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatInteger, formatShortTime, formatTime } from "../../../client/format";
import { pageFromParams } from "../../../client/page-param";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { TableScroll } from "../../../client/table-scroll";
import { useApiQuery } from "../../../client/use-api-query";
import { rangeFromParams, rangeToQueryString, type RangeParams } from "../../activity/range-params";
import { BreakdownTable } from "../../activity/ui/breakdown-table";
import { DailyChart } from "../../activity/ui/daily-chart";
import { RangeForm } from "../../activity/ui/range-form";
import { SessionsPanel } from "../../activity/ui/sessions-panel";
import { TotalsList } from "../../activity/ui/totals";
import { type ConversationList } from "../../conversations/first-page";
import { HOT_FILES_QUERY } from "../page-queries";
import { projectDetailSchema, projectFileListSchema } from "../schemas";

function pushRange(range: RangeParams) {
  const page = new URLSearchParams(window.location.search).get("page") ?? undefined;
  const query = rangeToQueryString(range, { page });
  window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
}

export function ProjectDetailView({
  id,
  initial,
  initialFiles,
  initialSessions,
}: {
  id: string;
  initial: FirstRender<z.output<typeof projectDetailSchema>>;
  initialFiles: FirstRender<z.output<typeof projectFileListSchema>>;
  initialSessions: FirstRender<ConversationList>;
}) {
  const searchParams = useSearchParams();
  const rangeQuery = useMemo(() => rangeToQueryString(rangeFromParams(searchParams)), [searchParams]);
  const page = pageFromParams(searchParams);
  const project = useApiQuery({
    key: [QUERY_ROOTS.project, id],
    path: `/api/v1/projects/${id}`,
    queryString: rangeQuery,
    schema: projectDetailSchema,
    initial,
  });
  const files = useApiQuery({
    key: [QUERY_ROOTS.project, id, "files"],
    path: `/api/v1/projects/${id}/files`,
    queryString: HOT_FILES_QUERY,
    schema: projectFileListSchema,
    initial: initialFiles,
  });
  const data = project.data;
  const name = data?.name ?? initialName(initial);

  return (
    <article className="detail">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/projects">Projects</Link>
      </nav>
      <h1>{name}</h1>
      {project.error ? (
        <div className="error-box" role="alert">
          <strong>The project could not be loaded.</strong> {errorMessage(project.error)}
        </div>
      ) : null}
      {data ? (
        <>
          <p className="muted">
            <code>{data.directory_path}</code> · last activity{" "}
            <span title={formatTime(data.last_activity_at)}>{formatShortTime(data.last_activity_at)}</span>
          </p>
          <TotalsList totals={data.totals} label="All-time totals of the project" />
          <RangeForm resolved={data.range} onChange={pushRange} />
          <DailyChart days={data.daily} title="Cost per day" defaultMeasure="cost_usd" />
          <div className="two-columns">
            <BreakdownTable
              title="Developers"
              dimension="Developer"
              empty="No developer is known for its sessions."
              rows={data.developers.map((row) => ({
                key: row.id ?? "none",
                label: row.username ?? <span className="muted">unknown</span>,
                href: row.id ? `/developers/${row.id}` : undefined,
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
      <section className="panel" aria-labelledby="files-heading">
        <h2 id="files-heading">
          Hot files
          {files.data ? ` (top ${files.data.items.length} of ${formatInteger(files.data.total)})` : ""}
        </h2>
        {files.error ? (
          <p role="alert" className="error">
            {errorMessage(files.error)}
          </p>
        ) : files.data && files.data.items.length === 0 ? (
          <p className="muted">No file touched yet.</p>
        ) : files.data ? (
          <TableScroll label="Hot files">
            <table className="data-table compact" data-testid="hot-files">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Touches
                  </th>
                  <th scope="col" className="num">
                    Lines added
                  </th>
                  <th scope="col" className="num">
                    Lines deleted
                  </th>
                  <th scope="col">Developers</th>
                  <th scope="col">Last touched</th>
                </tr>
              </thead>
              <tbody>
                {files.data.items.map((file) => (
                  <tr key={file.file_path}>
                    <th scope="row" className="row-head cell-path">
                      <code>{file.file_path}</code>
                    </th>
                    <td className="num">{formatInteger(file.touches)}</td>
                    <td className="num added">+{formatInteger(file.lines_added)}</td>
                    <td className="num deleted">−{formatInteger(file.lines_deleted)}</td>
                    <td>{file.developers.join(", ") || <span className="muted">unknown</span>}</td>
                    <td title={formatTime(file.last_touched)}>{formatShortTime(file.last_touched)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>
      <SessionsPanel
        queryKey={[QUERY_ROOTS.project, id, "sessions"]}
        path={`/api/v1/projects/${id}/sessions`}
        queryString={page > 1 ? `page=${page}` : ""}
        initial={initialSessions}
        pageParam="page"
        allHref={`/conversations?project_id=${id}`}
      />
    </article>
  );
}

const initialName = (initial: FirstRender<{ name: string }>) =>
  "data" in initial ? initial.data.name : "Project";
