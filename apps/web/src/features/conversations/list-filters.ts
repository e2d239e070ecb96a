// The conversations list's state lives in the URL (decision 0042): the page's query string uses the API's own
// parameter names, so a bookmarked or shared view is also a valid GET /api/v1/conversations query. Both the server's
// first render and the browser read it with these functions, so both ask the API the same question.

/** Single-valued filters, in the order the query string is written. */
export const LIST_FILTER_KEYS = [
  "q",
  "project_id",
  "developer_id",
  "agent_type",
  "status",
  "success",
  "start_date",
  "end_date",
] as const;
export type ListFilterKey = (typeof LIST_FILTER_KEYS)[number];

export interface ListFilters {
  values: Partial<Record<ListFilterKey, string>>;
  /** `tag=key:value` or `tag=key`, repeatable; all must match. */
  tags: string[];
  page: number;
}

interface ParamsReader {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export function filtersFromParams(params: ParamsReader): ListFilters {
  const values: ListFilters["values"] = {};
  for (const key of LIST_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) values[key] = value;
  }
  const tags = params
    .getAll("tag")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const page = Number(params.get("page"));
  return { values, tags, page: Number.isInteger(page) && page > 1 ? page : 1 };
}

/** The canonical query string (no leading "?"): the page's URL and the API call use the same one. */
export function filtersToQueryString(filters: ListFilters): string {
  const params = new URLSearchParams();
  for (const key of LIST_FILTER_KEYS) {
    const value = filters.values[key];
    if (value) params.set(key, value);
  }
  for (const tag of filters.tags) params.append("tag", tag);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params.toString();
}

export const hasActiveFilters = (filters: ListFilters) =>
  filters.tags.length > 0 || LIST_FILTER_KEYS.some((key) => filters.values[key] !== undefined);

/** Next's page props give search params as a record of string or string[]; this reads them like URLSearchParams. */
export function paramsFromRecord(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(key, item);
  }
  return params;
}
