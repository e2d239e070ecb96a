// What a server component hands its client view: the answer for the query string it rendered, or the API's own
// error for a query the API would refuse (so the first render and the browser's refetch say the same thing).
export type FirstRender<T> =
  { queryString: string; data: T } | { queryString: string; error: { message: string; details?: unknown } };
