// The SDK client the watcher sends with: batches are flushed by the watcher itself (after each step), so the
// timer is off; retries back off with jitter and honour Retry-After (the SDK does that).
import { CatSyphonClient, type RetryInfo } from "@catsyphon/sdk";

import { type Credentials } from "./credentials";
import { WATCHER_VERSION } from "./version";

export function createClient(credentials: Credentials, onRetry?: (info: RetryInfo) => void): CatSyphonClient {
  return new CatSyphonClient({
    serverUrl: credentials.serverUrl,
    apiKey: credentials.apiKey,
    collectorId: credentials.collectorId,
    userAgent: `catsyphon-watcher/${WATCHER_VERSION}`,
    batch: { maxEvents: 1000, maxBytes: 4 * 1024 * 1024, flushIntervalMs: 0 },
    retry: { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 },
    ...(onRetry ? { onRetry } : {}),
  });
}
