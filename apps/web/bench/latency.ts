// Sequential timed GETs against the web app with a read API token: a warm-up, then `requests` timed calls.
// A route the app does not have yet (the API's catch-all 404) is reported as missing, any other failure as its
// status, so the bench runs before every read route exists.
import { z } from "zod";

export type Measurement =
  | {
      state: "ok";
      p50: number;
      p95: number;
      requests: number;
      bytes: number;
      /** The answer's `total` (list and search), to show what was measured. */
      total: number | null;
    }
  | { state: "missing" }
  | { state: "error"; status: number; message: string };

export interface Endpoint {
  name: string;
  path: string;
}

const UNKNOWN_ROUTE = "No such API route";

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

async function get(baseUrl: string, path: string, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, text: await response.text() };
}

function totalOf(text: string): number | null {
  const parsed = z.object({ total: z.number() }).safeParse(JSON.parse(text));
  return parsed.success ? parsed.data.total : null;
}

export async function measure(
  baseUrl: string,
  token: string,
  endpoint: Endpoint,
  options: { warmup: number; requests: number },
): Promise<Measurement> {
  const first = await get(baseUrl, endpoint.path, token);
  if (first.status === 404 && first.text.includes(UNKNOWN_ROUTE)) return { state: "missing" };
  if (first.status !== 200)
    return { state: "error", status: first.status, message: first.text.slice(0, 300) };
  for (let i = 1; i < options.warmup; i += 1) await get(baseUrl, endpoint.path, token);
  const times: number[] = [];
  for (let i = 0; i < options.requests; i += 1) {
    const started = performance.now();
    const { status } = await get(baseUrl, endpoint.path, token);
    times.push(performance.now() - started);
    if (status !== 200) return { state: "error", status, message: `request ${i + 1} of ${options.requests}` };
  }
  times.sort((a, b) => a - b);
  return {
    state: "ok",
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    requests: options.requests,
    bytes: first.text.length,
    total: totalOf(first.text),
  };
}
