import "server-only";
// A page's first render through the same query parsing as its API route: `run` gets a Request carrying the page's
// query string (the host is never contacted), so parseQuery refuses exactly what the route refuses.
import { type FirstRender } from "../client/first-render";
import { HttpError } from "./http";

export async function firstRender<T>(
  queryString: string,
  run: (request: Request) => Promise<T>,
): Promise<FirstRender<T>> {
  try {
    return { queryString, data: await run(new Request(`http://dashboard.local/?${queryString}`)) };
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) {
      return { queryString, error: { message: error.message, details: error.options.details } };
    }
    throw error;
  }
}

/** Next's search params record as the canonical string of the given keys, in that order. */
export function pickQueryString(
  record: Record<string, string | string[] | undefined>,
  keys: readonly string[],
): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const raw = record[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}
