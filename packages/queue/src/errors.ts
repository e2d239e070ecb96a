// Errors the producer and the worker runtime throw, and the predicates callers use to choose an answer (400, 503).
import { ConnectionClosedError, UnrecoverableError } from "bullmq";
import { type z } from "zod";

const MAX_ISSUES_IN_MESSAGE = 10;

/** `path: message` of each issue. Zod messages name what was expected, never the value received. */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  const hidden = issues.length - shown.length;
  return hidden > 0 ? `${shown.join("; ")}; and ${hidden} more` : shown.join("; ");
}

/** A job payload failed its schema: nothing was enqueued (producer), or the job failed for good (worker). */
export class InvalidJobPayloadError extends Error {
  override readonly name = "InvalidJobPayloadError";

  constructor(
    readonly jobName: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(`invalid ${jobName} payload: ${summarizeIssues(issues)}`);
  }
}

/**
 * Thrown by a job handler when retrying cannot help (the referenced row is gone, the input can never be
 * processed): the job fails at once instead of using up its attempts. A subclass of BullMQ's UnrecoverableError,
 * which BullMQ recognizes.
 */
export class UnrecoverableJobError extends UnrecoverableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = "UnrecoverableJobError";
    if (options && "cause" in options) this.cause = options.cause;
  }
}

/** True for errors that fail a job without retries, whoever threw them. */
export function isUnrecoverableError(error: unknown): boolean {
  return (
    error instanceof UnrecoverableError || (error instanceof Error && error.name === "UnrecoverableError")
  );
}

/** Redis cannot be reached or cannot take writes right now; the ingest API answers 503. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";

  constructor(message = "Redis is unavailable", options?: { cause?: unknown }) {
    super(message, options);
  }
}

// Socket-level failures (Node error codes).
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
// What ioredis rejects commands with while it has no usable connection (offline queue off, retries exhausted,
// commandTimeout, closed client), and what its Cluster client says while no node of a slot answers.
const UNAVAILABLE_MESSAGES =
  /^(Stream isn't writeable|Connection is closed|Command timed out|Reached the max retries per request limit|Cluster isn't ready|Failed to refresh slots cache|None of startup nodes is available|Too many Cluster redirections)/;
// Server replies meaning "not now": loading the dataset, a replica during failover, out of memory, cannot persist.
const UNAVAILABLE_REPLIES = /^(LOADING|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|BUSY|OOM|MISCONF)\b/;

/**
 * True when `error` (or its cause) says Redis is down or unable to take writes, as opposed to a bug or bad
 * input. Recognizes RedisUnavailableError and the raw errors of ioredis and BullMQ, so it also works for code
 * that talks to Redis directly (rate limiter, sequencing).
 */
export function isRedisUnavailable(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth++
  ) {
    if (current instanceof RedisUnavailableError || current instanceof ConnectionClosedError) return true;
    if (current.name === "MaxRetriesPerRequestError" || current.name === "ClusterAllFailedError") return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (UNAVAILABLE_MESSAGES.test(current.message) || UNAVAILABLE_REPLIES.test(current.message)) return true;
  }
  return false;
}

/**
 * What a log line may carry of an error: its type, message and stack. Other properties and causes are left out,
 * since they may quote the job's payload (user content). Logged under `err`, pino names the type after the
 * constructor, so the original one is kept.
 */
export function loggableError(error: Error): Error {
  const safe = new Error(error.message);
  Object.defineProperties(safe, {
    name: { value: error.name },
    stack: { value: error.stack },
    constructor: { value: error.constructor },
  });
  return safe;
}
