// A search hit's plain-text snippet with its [start, end) highlight offsets shown as <mark>: text only, no HTML.
import type { SearchHit } from "../schemas";

export function HighlightedSnippet({ hit }: { hit: Pick<SearchHit, "snippet" | "highlights"> }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const [start, end] of hit.highlights) {
    if (start < last || end > hit.snippet.length) continue;
    if (start > last) parts.push(hit.snippet.slice(last, start));
    parts.push(<mark key={start}>{hit.snippet.slice(start, end)}</mark>);
    last = end;
  }
  if (last < hit.snippet.length) parts.push(hit.snippet.slice(last));
  return <span className="snippet">{parts}</span>;
}
