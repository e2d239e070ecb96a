// Which write failures retrying cannot fix. Postgres reports them by SQLSTATE class: 22 (data exception: a value
// out of range, bad text), 23 (integrity constraint violation) and 54 (program limit exceeded: an index row too
// big) fail the same way on every attempt, so the batch is parked at once with its error (decision 0022).
// Everything else is retried, for as long as it takes: connection lost, timeouts, deadlock and serialization
// failures, too many connections, shutdowns, and also errors nobody classified (a missing migration or a bug is
// fixed by a deploy, after which the batch applies).
import { DatabaseError } from "pg";
import { z } from "zod";

const PERMANENT_SQLSTATE_CLASSES = new Set(["22", "23", "54"]);
// 08 connection exception, 40 transaction rollback (40001 serialization, 40P01 deadlock), 53 insufficient
// resources (53300 too many connections), 55P03 lock not available, 57 operator intervention (57014 statement
// timeout, 57P01 admin shutdown, 57P03 cannot connect now), 58 system error.
const TRANSIENT_SQLSTATE_CLASSES = new Set(["08", "40", "53", "57", "58"]);
const TRANSIENT_SQLSTATES = new Set(["55P03", "55006"]);
// Node's socket errors, and what pg says when the connection is gone or never came.
const TRANSIENT_NODE_CODES = new Set([
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
const CONNECTION_LOST_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Query read timeout|Client was closed and is not queryable|Connection ended/i;

// Prisma's wrapping of a driver adapter error (P2010 for raw queries): meta.driverAdapterError.cause.originalCode.
const prismaDriverErrorSchema = z.object({
  meta: z.object({
    driverAdapterError: z.object({
      cause: z.object({ originalCode: z.string().optional(), originalMessage: z.string().optional() }),
    }),
  }),
});

/** The SQLSTATE of a failed statement: from pg directly (the write path) or wrapped by Prisma (other statements). */
export function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof DatabaseError) return error.code;
  const parsed = prismaDriverErrorSchema.safeParse(error);
  return parsed.success ? parsed.data.meta.driverAdapterError.cause.originalCode : undefined;
}

export function isPermanentWriteError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && PERMANENT_SQLSTATE_CLASSES.has(state.slice(0, 2));
}

/**
 * True when the error says the connection, not the data, is the problem: the connection is dropped rather than
 * reused, and a merged write is retried whole (splitting it would only multiply the failing attempts).
 */
export function isConnectionLost(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_NODE_CODES.has(code)) return true;
    if (!(current instanceof DatabaseError) && CONNECTION_LOST_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/** Retrying the same write later may succeed: the database or the connection, not the data, failed. */
export function isTransientWriteError(error: unknown): boolean {
  if (isConnectionLost(error)) return true;
  const state = sqlStateOf(error);
  return (
    state !== undefined &&
    (TRANSIENT_SQLSTATES.has(state) || TRANSIENT_SQLSTATE_CLASSES.has(state.slice(0, 2)))
  );
}

/** One line for ingestion_jobs.error and the logs: the database's own message when there is one. */
export function describeWriteError(error: unknown): string {
  if (error instanceof DatabaseError)
    return `${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ""}`;
  const parsed = prismaDriverErrorSchema.safeParse(error);
  if (parsed.success) {
    const { originalCode, originalMessage } = parsed.data.meta.driverAdapterError.cause;
    if (originalMessage) return `${originalMessage}${originalCode ? ` (SQLSTATE ${originalCode})` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}
