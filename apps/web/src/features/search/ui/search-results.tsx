// A list of search hits: where each one is (session, project, developer), its snippet with highlights, and a link
// that opens the message in its session (`#seq-N`).
import Link from "next/link";
import { formatShortTime, shortId } from "../../../client/format";
import type { SearchHit } from "../schemas";
import { HighlightedSnippet } from "./highlighted-snippet";

export const hitHref = (hit: SearchHit) => `/conversations/${hit.conversation_id}#seq-${hit.sequence}`;

export function SearchHitSummary({ hit }: { hit: SearchHit }) {
  return (
    <>
      <span className="hit-title">
        {hit.conversation.slug ?? `Session ${shortId(hit.conversation_id)}`} · #{hit.sequence}{" "}
        {hit.message_type}
      </span>{" "}
      <span className="muted">
        {hit.conversation.project_name ?? "no project"} · {hit.conversation.developer ?? "unknown"} ·{" "}
        {formatShortTime(hit.emitted_at)}
      </span>
      <br />
      <HighlightedSnippet hit={hit} />
    </>
  );
}

export function SearchResults({ hits }: { hits: SearchHit[] }) {
  return (
    <ol className="search-results">
      {hits.map((hit) => (
        <li key={hit.message_id}>
          <Link href={hitHref(hit)} className="hit-link">
            <SearchHitSummary hit={hit} />
          </Link>
        </li>
      ))}
    </ol>
  );
}
