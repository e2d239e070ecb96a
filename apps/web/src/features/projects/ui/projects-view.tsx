"use client";
// The projects list (GET /api/v1/projects): all-time totals per project, most recent activity first; the page in
// the URL.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { type z } from "zod";
import { errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatCost, formatInteger, formatShortTime, formatTime } from "../../../client/format";
import { pageFromParams } from "../../../client/page-param";
import { Pager, pushParam } from "../../../client/pager";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { TableScroll } from "../../../client/table-scroll";
import { useApiQuery } from "../../../client/use-api-query";
import { projectListSchema } from "../schemas";

type ProjectList = z.output<typeof projectListSchema>;

export function ProjectsView({ initial }: { initial: FirstRender<ProjectList> }) {
  const page = pageFromParams(useSearchParams());
  const projects = useApiQuery({
    key: [QUERY_ROOTS.projects],
    path: "/api/v1/projects",
    queryString: page > 1 ? `page=${page}` : "",
    schema: projectListSchema,
    initial,
  });
  const data = projects.data;
  return (
    <>
      {projects.error ? (
        <div className="error-box" role="alert">
          <strong>The projects could not be loaded.</strong> {errorMessage(projects.error)}
        </div>
      ) : null}
      {data && data.total === 0 ? (
        <div className="notice">
          <p>No project yet.</p>
          <p>
            A project is made from each session&apos;s working directory (its last folder names it). Sessions
            arrive through a collector: see <Link href="/settings/collectors">Settings → Collectors</Link>.
          </p>
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <p className="list-status">
            {formatInteger(data.total)} project{data.total === 1 ? "" : "s"}, all-time totals
          </p>
          <TableScroll label="Projects">
            <table className="data-table" aria-busy={projects.isFetching} data-testid="projects-table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Directory</th>
                  <th scope="col" className="num">
                    Sessions
                  </th>
                  <th scope="col" className="num">
                    Developers
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
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((project) => (
                  <tr key={project.id} data-project-id={project.id}>
                    <th scope="row" className="row-head">
                      <Link href={`/projects/${project.id}`} className="row-link">
                        {project.name}
                      </Link>
                    </th>
                    <td className="cell-branch">
                      <code>{project.directory_path}</code>
                    </td>
                    <td className="num" data-col="sessions">
                      {formatInteger(project.sessions)}
                    </td>
                    <td className="num" data-col="developers">
                      {formatInteger(project.developers)}
                    </td>
                    <td className="num" data-col="messages">
                      {formatInteger(project.messages)}
                    </td>
                    <td className="num" data-col="total_tokens">
                      {formatInteger(project.total_tokens)}
                    </td>
                    <td className="num" data-col="cost_usd">
                      {formatCost(project.cost_usd)}
                    </td>
                    <td title={formatTime(project.last_activity_at)}>
                      {formatShortTime(project.last_activity_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager
            page={data.page}
            pages={data.pages}
            label="Project pages"
            onPage={(next) => pushParam("page", next > 1 ? String(next) : undefined)}
          />
        </>
      ) : null}
    </>
  );
}
