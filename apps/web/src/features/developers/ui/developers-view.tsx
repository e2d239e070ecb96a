"use client";
// The developers list (GET /api/v1/developers): all-time totals per developer, most recent activity first.
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
import { developerListSchema } from "../schemas";

type DeveloperList = z.output<typeof developerListSchema>;

export function DevelopersView({ initial }: { initial: FirstRender<DeveloperList> }) {
  const page = pageFromParams(useSearchParams());
  const developers = useApiQuery({
    key: [QUERY_ROOTS.developers],
    path: "/api/v1/developers",
    queryString: page > 1 ? `page=${page}` : "",
    schema: developerListSchema,
    initial,
  });
  const data = developers.data;
  return (
    <>
      {developers.error ? (
        <div className="error-box" role="alert">
          <strong>The developers could not be loaded.</strong> {errorMessage(developers.error)}
        </div>
      ) : null}
      {data && data.total === 0 ? (
        <div className="notice">
          <p>No developer yet.</p>
          <p>
            A developer is named by the collector (its <code>developer</code> field) or read from a home
            folder path such as <code>/home/ada</code>. Sessions arrive through a collector: see{" "}
            <Link href="/settings/collectors">Settings → Collectors</Link>.
          </p>
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <p className="list-status">
            {formatInteger(data.total)} developer{data.total === 1 ? "" : "s"}, all-time totals
          </p>
          <TableScroll label="Developers">
            <table className="data-table" aria-busy={developers.isFetching} data-testid="developers-table">
              <thead>
                <tr>
                  <th scope="col">Developer</th>
                  <th scope="col" className="num">
                    Sessions
                  </th>
                  <th scope="col" className="num">
                    Projects
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
                {data.items.map((developer) => (
                  <tr key={developer.id} data-developer-id={developer.id}>
                    <th scope="row" className="row-head">
                      <Link href={`/developers/${developer.id}`} className="row-link">
                        {developer.display_name ?? developer.username}
                      </Link>
                      {developer.display_name ? <span className="muted"> {developer.username}</span> : null}
                    </th>
                    <td className="num" data-col="sessions">
                      {formatInteger(developer.sessions)}
                    </td>
                    <td className="num" data-col="projects">
                      {formatInteger(developer.projects)}
                    </td>
                    <td className="num" data-col="messages">
                      {formatInteger(developer.messages)}
                    </td>
                    <td className="num" data-col="total_tokens">
                      {formatInteger(developer.total_tokens)}
                    </td>
                    <td className="num" data-col="cost_usd">
                      {formatCost(developer.cost_usd)}
                    </td>
                    <td title={formatTime(developer.last_activity_at)}>
                      {formatShortTime(developer.last_activity_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager
            page={data.page}
            pages={data.pages}
            label="Developer pages"
            onPage={(next) => pushParam("page", next > 1 ? String(next) : undefined)}
          />
        </>
      ) : null}
    </>
  );
}
