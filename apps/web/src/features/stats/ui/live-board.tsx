"use client";
// Sessions running now: the conversations list with status=active, most recent activity first, refreshed by the
// live stream like every list (its key is under the conversations root).
import Link from "next/link";
import { type FirstRender } from "../../../client/first-render";
import { errorMessage } from "../../../client/api-client";
import { formatShortTime, formatTime, shortId } from "../../../client/format";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { TableScroll } from "../../../client/table-scroll";
import { useApiQuery } from "../../../client/use-api-query";
import { type ConversationList } from "../../conversations/first-page";
import { conversationListSchema } from "../../conversations/schemas";

import { LIVE_BOARD_QUERY } from "../live-board-query";

export function LiveBoard({ initial }: { initial: FirstRender<ConversationList> }) {
  const board = useApiQuery({
    key: [QUERY_ROOTS.conversations],
    path: "/api/v1/conversations",
    queryString: LIVE_BOARD_QUERY,
    schema: conversationListSchema,
    initial,
  });
  const items = board.data?.items ?? [];
  return (
    <section className="panel live-board" aria-labelledby="live-board-heading">
      <h2 id="live-board-heading">Running now{board.data ? ` (${board.data.total})` : ""}</h2>
      {board.error ? (
        <p role="alert" className="error">
          {errorMessage(board.error)}
        </p>
      ) : items.length === 0 ? (
        <p className="muted">
          No session is open right now. Open sessions appear here as their events arrive.
        </p>
      ) : (
        <TableScroll label="Sessions running now">
          <table className="data-table compact" data-testid="live-board">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Developer</th>
                <th scope="col">Project</th>
                <th scope="col">Agent</th>
                <th scope="col">Last activity (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" className="row-head">
                    <Link href={`/conversations/${item.id}`}>
                      {item.slug ?? `Session ${shortId(item.id)}`}
                    </Link>
                  </th>
                  <td>{item.developer ?? <span className="muted">unknown</span>}</td>
                  <td>{item.project_name ?? <span className="muted">none</span>}</td>
                  <td>{item.agent_type}</td>
                  <td title={formatTime(item.last_activity_at)}>{formatShortTime(item.last_activity_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {board.data && board.data.total > items.length ? (
        <p>
          <Link href="/conversations?status=active">All {board.data.total} open sessions</Link>
        </p>
      ) : null}
    </section>
  );
}
