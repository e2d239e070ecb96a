"use client";
// The conversations page in the browser: the URL is the state (decision 0042). Changing a filter pushes a history
// entry (back/forward restore it), TanStack Query fetches GET /api/v1/conversations with the same query string,
// and the server's first page is the initial data for the query string it was rendered for.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { KNOWN_AGENT_TYPES } from "@catsyphon/protocol";
import { useSearchParams } from "next/navigation";
import { useMemo, useRef } from "react";
import { ApiError, apiRequest, errorMessage } from "../../../client/api-client";
import { formatInteger } from "../../../client/format";
import { type FirstListPage } from "../first-page";
import {
  filtersFromParams,
  filtersToQueryString,
  hasActiveFilters,
  type ListFilterKey,
  type ListFilters,
} from "../list-filters";
import { type ConversationSummary, conversationListSchema } from "../schemas";
import { type z } from "zod";
import { ConversationsTable } from "./conversations-table";
import { EmptyList } from "./empty-list";
import { useRowKeys } from "./use-row-keys";

function pushFilters(filters: ListFilters) {
  const query = filtersToQueryString(filters);
  window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
}

/** Options seen in the rows shown (and the chosen one), until the projects and developers lists exist. */
function seenOptions(
  data: z.output<typeof conversationListSchema> | undefined,
  pick: (row: ConversationSummary) => [string | null, string | null],
): [string, string][] {
  const seen = new Map<string, string>();
  for (const item of data?.items ?? []) {
    for (const row of [item, ...item.children]) {
      const [id, name] = pick(row);
      if (id && name) seen.set(id, name);
    }
  }
  return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
}

export function ConversationsView({ initial }: { initial: FirstListPage }) {
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromParams(searchParams), [searchParams]);
  const queryString = filtersToQueryString(filters);
  const tableRef = useRef<HTMLDivElement>(null);
  useRowKeys(tableRef);

  const list = useQuery({
    queryKey: ["conversations", queryString],
    queryFn: ({ signal }) =>
      apiRequest(`/api/v1/conversations${queryString ? `?${queryString}` : ""}`, conversationListSchema, {
        signal,
      }),
    initialData: initial.queryString === queryString && "data" in initial ? initial.data : undefined,
    placeholderData: keepPreviousData,
  });
  const initialError =
    initial.queryString === queryString && "error" in initial && !list.data
      ? new ApiError(400, "invalid_query", initial.error.message, initial.error.details)
      : undefined;
  const error = list.error ?? initialError;

  const setValue = (key: ListFilterKey, value: string) =>
    pushFilters({ ...filters, values: { ...filters.values, [key]: value || undefined }, page: 1 });
  const setPage = (page: number) => pushFilters({ ...filters, page });
  const clear = () => pushFilters({ values: {}, tags: [], page: 1 });

  const projects = seenOptions(list.data, (row) => [row.project_id, row.project_name]);
  const developers = seenOptions(list.data, (row) => [row.developer_id, row.developer]);
  const agents = [
    ...new Set([...KNOWN_AGENT_TYPES, ...(list.data?.items.map((item) => item.agent_type) ?? [])]),
  ];
  const data = list.data;

  return (
    <>
      <form
        // Re-created when the URL changes (back/forward), so the text fields show the URL's values.
        key={queryString}
        className="filters"
        role="search"
        aria-label="Filter sessions"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
          pushFilters({
            values: { ...filters.values, q: text("q") },
            tags: (text("tag") ?? "").split(/\s+/).filter(Boolean),
            page: 1,
          });
        }}
      >
        <label className="field field-wide">
          <span>Text</span>
          <input
            name="q"
            type="search"
            defaultValue={filters.values.q ?? ""}
            placeholder="slug, summary, message text"
          />
        </label>
        <label className="field">
          <span>Tag</span>
          <input name="tag" defaultValue={filters.tags.join(" ")} placeholder="intent:bug_fix" />
        </label>
        <button type="submit" className="button-primary">
          Apply
        </button>
        <label className="field">
          <span>Project</span>
          <select
            value={filters.values.project_id ?? ""}
            onChange={(event) => setValue("project_id", event.target.value)}
          >
            <option value="">All projects</option>
            {filters.values.project_id && !projects.some(([id]) => id === filters.values.project_id) ? (
              <option value={filters.values.project_id}>Chosen project</option>
            ) : null}
            {projects.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Developer</span>
          <select
            value={filters.values.developer_id ?? ""}
            onChange={(event) => setValue("developer_id", event.target.value)}
          >
            <option value="">All developers</option>
            {filters.values.developer_id && !developers.some(([id]) => id === filters.values.developer_id) ? (
              <option value={filters.values.developer_id}>Chosen developer</option>
            ) : null}
            {developers.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Agent</span>
          <select
            value={filters.values.agent_type ?? ""}
            onChange={(event) => setValue("agent_type", event.target.value)}
          >
            <option value="">All agents</option>
            {filters.values.agent_type && !agents.includes(filters.values.agent_type) ? (
              <option value={filters.values.agent_type}>{filters.values.agent_type}</option>
            ) : null}
            {agents.map((agent) => (
              <option key={agent} value={agent}>
                {agent}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select
            value={filters.values.status ?? ""}
            onChange={(event) => setValue("status", event.target.value)}
          >
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="completed">Completed</option>
          </select>
        </label>
        <label className="field">
          <span>Outcome</span>
          <select
            value={filters.values.success ?? ""}
            onChange={(event) => setValue("success", event.target.value)}
          >
            <option value="">Any outcome</option>
            <option value="true">Succeeded</option>
            <option value="false">Failed</option>
          </select>
        </label>
        <label className="field">
          <span>Started from</span>
          <input
            type="date"
            value={filters.values.start_date ?? ""}
            onChange={(event) => setValue("start_date", event.target.value)}
          />
        </label>
        <label className="field">
          <span>Started until</span>
          <input
            type="date"
            value={filters.values.end_date ?? ""}
            onChange={(event) => setValue("end_date", event.target.value)}
          />
        </label>
        {hasActiveFilters(filters) ? (
          <button type="button" className="button-quiet" onClick={clear}>
            Clear filters
          </button>
        ) : null}
      </form>

      <p className="list-status" role="status">
        {list.isFetching && !list.isLoading ? "Updating… " : ""}
        {data
          ? `${formatInteger(data.total)} session${data.total === 1 ? "" : "s"}`
          : list.isLoading
            ? "Loading…"
            : ""}
        {data && data.total > 0 ? (
          <span className="muted"> · press j/k to move between rows, Enter to open</span>
        ) : null}
      </p>

      {error ? (
        <div className="error-box" role="alert">
          <strong>The sessions could not be loaded.</strong> {errorMessage(error)}
        </div>
      ) : null}

      <div ref={tableRef}>
        {data && data.items.length > 0 ? (
          <ConversationsTable items={data.items} busy={list.isFetching} />
        ) : data && !error ? (
          <EmptyList filtered={hasActiveFilters(filters) || filters.page > 1} onClear={clear} />
        ) : null}
      </div>

      {data && data.pages > 1 ? (
        <nav className="pagination" aria-label="Pages">
          <button type="button" disabled={data.page <= 1} onClick={() => setPage(data.page - 1)}>
            Previous
          </button>
          <span>
            Page {data.page} of {data.pages}
          </span>
          <button type="button" disabled={data.page >= data.pages} onClick={() => setPage(data.page + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
