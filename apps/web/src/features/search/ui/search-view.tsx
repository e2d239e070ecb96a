"use client";
// The search page: q and page in the URL (a bookmark or the ⌘K dialog's "all results" opens the same view).
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { formatInteger } from "../../../client/format";
import { pageFromParams } from "../../../client/page-param";
import { Pager } from "../../../client/pager";
import { searchResultSchema } from "../schemas";
import { SearchResults } from "./search-results";

export function SearchView() {
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const page = pageFromParams(params);
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const result = useQuery({
    queryKey: ["search", q, page],
    queryFn: ({ signal }) =>
      apiRequest(`/api/v1/search?${new URLSearchParams({ q, page: String(page) })}`, searchResultSchema, {
        signal,
      }),
    enabled: q.trim().length > 0,
  });
  const go = (nextQ: string, nextPage: number) => {
    const search = new URLSearchParams();
    if (nextQ) search.set("q", nextQ);
    if (nextPage > 1) search.set("page", String(nextPage));
    window.history.pushState(null, "", `/search${search.size ? `?${search}` : ""}`);
  };
  return (
    <>
      <form
        role="search"
        className="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          go(draft.trim(), 1);
        }}
      >
        <label htmlFor="search-q">Search every message</label>
        <input
          id="search-q"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder='an identifier, an error, "a phrase"'
        />
        <button type="submit">Search</button>
      </form>
      <p className="muted">
        Every term must occur (case-insensitive, taken literally); press ⌘K or Ctrl+K on any page to search
        from there.
      </p>
      {!q ? null : result.error ? (
        <div className="error-box" role="alert">
          <strong>Search failed.</strong> {errorMessage(result.error)}
        </div>
      ) : result.data ? (
        <>
          <p role="status">
            {formatInteger(result.data.total)}
            {result.data.total_capped ? "+" : ""} message{result.data.total === 1 ? "" : "s"} match
          </p>
          {result.data.items.length === 0 ? (
            <p className="muted">Nothing matched. Try fewer or shorter terms.</p>
          ) : (
            <SearchResults hits={result.data.items} />
          )}
          <Pager
            page={result.data.page}
            pages={result.data.pages}
            label="Search result pages"
            onPage={(next) => go(q, next)}
          />
        </>
      ) : (
        <p role="status">Searching…</p>
      )}
    </>
  );
}
