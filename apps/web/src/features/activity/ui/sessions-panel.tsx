"use client";
// The sessions of one project or developer, shown with the conversations list's own table (sub-agents nested),
// paged by a URL parameter of the page.
import Link from "next/link";
import { errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatInteger } from "../../../client/format";
import { Pager, pushParam } from "../../../client/pager";
import { useApiQuery } from "../../../client/use-api-query";
import { type ConversationList } from "../../conversations/first-page";
import { conversationListSchema } from "../../conversations/schemas";
import { ConversationsTable } from "../../conversations/ui/conversations-table";

export function SessionsPanel({
  queryKey,
  path,
  queryString,
  initial,
  pageParam,
  allHref,
}: {
  queryKey: readonly unknown[];
  path: string;
  queryString: string;
  initial: FirstRender<ConversationList>;
  /** The page's URL parameter that holds this list's page. */
  pageParam: string;
  /** The conversations list filtered the same way. */
  allHref: string;
}) {
  const sessions = useApiQuery({ key: queryKey, path, queryString, schema: conversationListSchema, initial });
  const data = sessions.data;
  return (
    <section className="sessions-panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">
        Sessions{data ? ` (${formatInteger(data.total)})` : ""}{" "}
        <Link href={allHref} className="heading-link">
          filter in Conversations
        </Link>
      </h2>
      {sessions.error ? (
        <p role="alert" className="error">
          {errorMessage(sessions.error)}
        </p>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <ConversationsTable items={data.items} busy={sessions.isFetching} />
          <Pager
            page={data.page}
            pages={data.pages}
            label="Session pages"
            onPage={(page) => pushParam(pageParam, page > 1 ? String(page) : undefined)}
          />
        </>
      ) : data ? (
        <p className="muted">No session yet.</p>
      ) : null}
    </section>
  );
}
