"use client";
// ⌘K / Ctrl+K from every dashboard page: a modal dialog with a search field; results as you type (after a short
// pause), arrow keys move through them, Enter opens the chosen message in its session at `#seq-N`.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { searchResultSchema } from "../schemas";
import { hitHref, SearchHitSummary } from "./search-results";

const DEBOUNCE_MS = 250;

export function CommandSearch() {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        if (!dialog.current?.open) dialog.current?.showModal();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(draft.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const result = useQuery({
    queryKey: ["search", q, 1, "dialog"],
    queryFn: ({ signal }) =>
      apiRequest(`/api/v1/search?${new URLSearchParams({ q, page_size: "10" })}`, searchResultSchema, {
        signal,
      }),
    enabled: q.length > 0,
  });
  const hits = result.data?.items ?? [];
  useEffect(() => setActive(0), [q]);

  const open = (href: string) => {
    dialog.current?.close();
    router.push(href);
  };

  return (
    <>
      <button
        type="button"
        className="button-quiet command-button"
        onClick={() => dialog.current?.showModal()}
      >
        Search <kbd>⌘K</kbd>
      </button>
      <dialog ref={dialog} className="command-dialog" aria-labelledby="command-search-title">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            const hit = hits[active];
            if (hit) open(hitHref(hit));
            else if (draft.trim()) open(`/search?${new URLSearchParams({ q: draft.trim() })}`);
          }}
        >
          <h2 id="command-search-title" className="visually-hidden">
            Search messages
          </h2>
          <label htmlFor="command-search-q">Search messages</label>
          <input
            id="command-search-q"
            type="search"
            autoFocus
            value={draft}
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls="command-search-results"
            aria-activedescendant={hits[active] ? `command-hit-${active}` : undefined}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") {
                event.preventDefault();
                setActive((index) => Math.min(index + 1, hits.length - 1));
              } else if (event.key === "ArrowUp") {
                event.preventDefault();
                setActive((index) => Math.max(index - 1, 0));
              }
            }}
          />
        </form>
        {q && result.error ? (
          <p className="error-box" role="alert">
            {errorMessage(result.error)}
          </p>
        ) : null}
        <ul
          id="command-search-results"
          role="listbox"
          aria-label="Matching messages"
          className="command-results"
        >
          {hits.map((hit, index) => (
            <li
              key={hit.message_id}
              id={`command-hit-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? "active" : undefined}
              onClick={() => open(hitHref(hit))}
            >
              <SearchHitSummary hit={hit} />
            </li>
          ))}
        </ul>
        <p className="muted command-help">
          ↑↓ choose · Enter opens the message · Esc closes
          {q ? (
            <>
              {" · "}
              <a href={`/search?${new URLSearchParams({ q })}`}>All results</a>
            </>
          ) : null}
        </p>
      </dialog>
    </>
  );
}
