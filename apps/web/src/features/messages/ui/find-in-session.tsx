"use client";
// Find in the session: GET /api/v1/search with conversation_id; a hit jumps to its message (`#seq-N`).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { formatInteger } from "../../../client/format";
import { searchResultSchema } from "../../search/schemas";
import { HighlightedSnippet } from "../../search/ui/highlighted-snippet";

export function FindInSession({
  conversationId,
  onJump,
}: {
  conversationId: string;
  onJump: (sequence: number) => void;
}) {
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const result = useQuery({
    queryKey: ["conversation", conversationId, "find", query],
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/v1/search?${new URLSearchParams({ q: query, conversation_id: conversationId, page_size: "20" })}`,
        searchResultSchema,
        { signal },
      ),
    enabled: query.length > 0,
  });
  return (
    <div className="find-in-session">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(draft.trim());
        }}
      >
        <label htmlFor="find-in-session">Find in this session</label>
        <input
          id="find-in-session"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="identifier, error text…"
        />
        <button type="submit">Find</button>
        {query ? (
          <button type="button" className="button-quiet" onClick={() => setQuery("")}>
            Clear
          </button>
        ) : null}
      </form>
      {query && result.error ? (
        <p className="error-box" role="alert">
          {errorMessage(result.error)}
        </p>
      ) : null}
      {query && result.data ? (
        <div className="find-results">
          <p className="muted" role="status">
            {formatInteger(result.data.total)} match{result.data.total === 1 ? "" : "es"}
            {result.data.total > result.data.items.length
              ? ` (newest ${result.data.items.length} shown)`
              : ""}
          </p>
          <ul className="plain-list">
            {result.data.items.map((hit) => (
              <li key={hit.message_id}>
                <button type="button" className="link-button" onClick={() => onJump(hit.sequence)}>
                  #{hit.sequence} {hit.message_type}
                </button>{" "}
                <HighlightedSnippet hit={hit} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
