// The one way the SDK talks HTTP: JSON in, schema-validated JSON out, a timeout on every attempt, and retries
// for what may succeed later (no answer, 5xx, 429). Uses only fetch, AbortController and setTimeout, so it
// runs unchanged in Node and in browsers.
import { sequenceGapErrorSchema, sessionConflictErrorSchema, zodIssuesToDetails } from "@catsyphon/protocol";
import { z } from "zod";

import {
  type CatSyphonError,
  CatSyphonApiError,
  CatSyphonNetworkError,
  CatSyphonResponseError,
  CatSyphonSequenceGapError,
  CatSyphonSessionConflictError,
} from "./errors";
import { type RetryPolicy, parseRetryAfter, retryDelay, sleep as realSleep } from "./retry";

/** What the SDK needs of `fetch`; the global `fetch` and any wrapper around it fit. */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** Reported before each retry, e.g. to log it or to observe the wait the SDK chose. */
export interface RetryInfo {
  method: string;
  url: string;
  /** The 1-based attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  /** How long the SDK waits before the next attempt (at least `retryAfterMs` when the server sent one). */
  delayMs: number;
  /** HTTP status of the failed attempt; undefined when there was no answer. */
  status: number | undefined;
  /** The server's Retry-After, parsed. */
  retryAfterMs: number | undefined;
  error: CatSyphonError;
}

export interface TransportOptions {
  fetch: FetchFunction;
  retry: RetryPolicy;
  /** Per attempt, including reading the response body. */
  timeoutMs: number;
  /** Sent as User-Agent when set. */
  userAgent?: string | undefined;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** How to wait between attempts; tests replace it to observe delays without waiting. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
}

export interface HttpRequest<T> {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /** JSON text of the body. */
  body?: string;
  /** Schema of a success (2xx) body. */
  schema: z.ZodType<T>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

// Loose on purpose: a newer server may add error codes, which must still surface as CatSyphonApiError.
const errorBodyShape = z.object({
  error: z.string().min(1),
  message: z.string(),
  details: z.unknown().optional(),
});

type AttemptResult<T> = { ok: true; value: T } | { ok: false; error: CatSyphonError; retryable: boolean };

/**
 * Sends the request, retrying network errors, 5xx and 429 up to `retry.maxAttempts` times. Resolves with the
 * validated success body; rejects with CatSyphonApiError (error status), CatSyphonResponseError (a success
 * status with an unexpected body) or CatSyphonNetworkError (no answer).
 */
export async function sendRequest<T>(transport: TransportOptions, request: HttpRequest<T>): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(transport.retry.maxAttempts));
  const wait = transport.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(transport, request);
    if (result.ok) return result.value;
    if (!result.retryable || attempt >= maxAttempts) throw result.error;
    const status = result.error instanceof CatSyphonApiError ? result.error.status : undefined;
    const retryAfterMs = result.error instanceof CatSyphonApiError ? result.error.retryAfterMs : undefined;
    const delayMs = retryDelay(transport.retry, attempt, retryAfterMs, transport.random);
    transport.onRetry?.({
      method: request.method,
      url: request.url,
      attempt,
      maxAttempts,
      delayMs,
      status,
      retryAfterMs,
      error: result.error,
    });
    await wait(delayMs);
  }
}

async function attemptOnce<T>(
  transport: TransportOptions,
  request: HttpRequest<T>,
): Promise<AttemptResult<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...request.headers };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  if (transport.userAgent) headers["User-Agent"] = transport.userAgent;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  try {
    let response: Response;
    let text: string;
    try {
      // Called detached: a browser's fetch throws "Illegal invocation" when called as a method of another object.
      const fetchFunction = transport.fetch;
      response = await fetchFunction(request.url, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      const message = timedOut
        ? `${request.method} ${request.url} timed out after ${transport.timeoutMs} ms`
        : `${request.method} ${request.url} failed: ${cause instanceof Error ? cause.message : String(cause)}`;
      return { ok: false, error: new CatSyphonNetworkError(message, timedOut, cause), retryable: true };
    }
    return interpret(response, text, request.schema);
  } finally {
    clearTimeout(timer);
  }
}

function interpret<T>(response: Response, text: string, schema: z.ZodType<T>): AttemptResult<T> {
  const status = response.status;
  let json: unknown;
  let isJson = true;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    isJson = false;
  }

  if (status >= 200 && status < 300) {
    if (!isJson) {
      return {
        ok: false,
        error: new CatSyphonResponseError(status, [{ path: "", message: "body is not JSON" }]),
        retryable: false,
      };
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      error: new CatSyphonResponseError(status, zodIssuesToDetails(parsed.error)),
      retryable: false,
    };
  }

  const retryable = status === 429 || status >= 500;
  if (status === 409) {
    const gap = sequenceGapErrorSchema.safeParse(json);
    if (gap.success) {
      return {
        ok: false,
        retryable,
        error: new CatSyphonSequenceGapError({
          message: gap.data.message,
          expectedSequence: gap.data.expected_sequence,
          lastSequence: gap.data.last_sequence,
        }),
      };
    }
    const conflict = sessionConflictErrorSchema.safeParse(json);
    if (conflict.success) {
      return {
        ok: false,
        retryable,
        error: new CatSyphonSessionConflictError({
          message: conflict.data.message,
          firstConflictingSequence: conflict.data.first_conflicting_sequence,
          lastSequence: conflict.data.last_sequence,
        }),
      };
    }
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  const body = errorBodyShape.safeParse(json);
  const error = body.success
    ? new CatSyphonApiError({
        status,
        code: body.data.error,
        message: body.data.message,
        details: body.data.details,
        retryAfterMs,
      })
    : new CatSyphonApiError({
        status,
        code: "unexpected_response",
        message: `HTTP ${status} ${response.statusText}`.trim() + (text ? `: ${text.slice(0, 200)}` : ""),
        retryAfterMs,
      });
  return { ok: false, error, retryable };
}
