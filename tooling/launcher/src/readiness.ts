// When `pnpm start` may say "ready": each service that has a readiness endpoint answers it with 2xx (the ingest API
// the worker and the tagger check their Postgres and Redis there); apps without one are ready once started.

/** The readiness URL of each app that has one, on the ports the launcher gave them. */
export function readinessUrls(ports: {
  ingestApi: number;
  workerHealth: number;
  taggerHealth: number;
  web: number;
}): Record<string, string> {
  return {
    "@catsyphon/ingest-api": `http://127.0.0.1:${ports.ingestApi}/ready`,
    "@catsyphon/ingest-worker": `http://127.0.0.1:${ports.workerHealth}/ready`,
    "@catsyphon/tagger": `http://127.0.0.1:${ports.taggerHealth}/ready`,
    "@catsyphon/web": `http://127.0.0.1:${ports.web}/ready`,
  };
}

/** Resolves once `url` answers 2xx; polls until then, or until `cancelled()` (resolving false). */
export async function waitUntilReady(
  url: string,
  cancelled: () => boolean,
  intervalMs = 250,
): Promise<boolean> {
  while (!cancelled()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
