"use client";
// A page's read through the typed client, with the server's first render as initial data when it was rendered for
// the same query string; a first render the API refused shows as that error until the URL changes.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type z } from "zod";
import { ApiError, apiRequest } from "./api-client";
import { type FirstRender } from "./first-render";

export function useApiQuery<S extends z.ZodType>(options: {
  key: readonly unknown[];
  path: string;
  queryString: string;
  schema: S;
  initial?: FirstRender<z.output<S>>;
}) {
  const { key, path, queryString, schema, initial } = options;
  const matches = initial?.queryString === queryString;
  const query = useQuery<z.output<S>>({
    queryKey: [...key, queryString],
    queryFn: ({ signal }) => apiRequest(`${path}${queryString ? `?${queryString}` : ""}`, schema, { signal }),
    initialData: matches && initial && "data" in initial ? initial.data : undefined,
    placeholderData: keepPreviousData,
  });
  const initialError =
    matches && initial && "error" in initial && !query.data
      ? new ApiError(400, "invalid_query", initial.error.message, initial.error.details)
      : undefined;
  return { data: query.data, error: query.error ?? initialError, isFetching: query.isFetching };
}
