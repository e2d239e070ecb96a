// Which write failures retrying cannot fix. Postgres reports them by SQLSTATE class: 22 (data exception: a value
// out of range, bad text) and 23 (integrity constraint violation) fail the same way on every attempt, so the
// batch fails at once with its error instead of being retried for two minutes. Everything else (connection
// lost, deadlock, serialization failure, timeouts) may pass on a later attempt.
import { DatabaseError } from "pg";
import { z } from "zod";

const PERMANENT_SQLSTATE_CLASSES = new Set(["22", "23"]);

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
