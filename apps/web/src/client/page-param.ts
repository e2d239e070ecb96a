// The `page` parameter of a URL, read the same way by server components and client views.
/** The page number of a URL's `page` parameter (1 when absent or not a whole number above 1). */
export function pageFromParams(params: { get(name: string): string | null }, name = "page"): number {
  const page = Number(params.get(name));
  return Number.isInteger(page) && page > 1 ? page : 1;
}
