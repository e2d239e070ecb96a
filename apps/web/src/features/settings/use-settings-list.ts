"use client";
// A settings list (members, invites, tokens, collectors): its GET with the server's first render as initial data,
// and mutations that refresh it and report failures in the API's own words.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type z } from "zod";
import { apiRequest } from "../../client/api-client";

export function useSettingsList<T>(path: string, schema: z.ZodType<T>, initial: T) {
  const query = useQuery<T>({
    queryKey: ["settings", path],
    queryFn: ({ signal }) => apiRequest(path, schema, { signal }),
    initialData: initial,
  });
  // With initial data there is always a value; the fallback only satisfies the types.
  return { data: query.data ?? initial, error: query.error, isFetching: query.isFetching };
}

export function useSettingsMutation<V, R>(listPath: string, run: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["settings", listPath] }),
  });
}
