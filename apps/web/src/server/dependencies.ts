// Whether an error means Postgres or Redis could not be reached (then the answer is 503, which clients retry), as
// opposed to a bug (500). Walks the cause chain: Prisma and ioredis wrap the socket error.
import { Prisma } from "@catsyphon/db";

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);

export function isDependencyDown(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 6;
    current = current.cause, depth += 1
  ) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    // P1xxx: connection-level (server gone, database missing, timeouts).
    if (current instanceof Prisma.PrismaClientKnownRequestError && current.code.startsWith("P1")) return true;
    if (current.name === "MaxRetriesPerRequestError" || /Connection is closed/.test(current.message))
      return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDependencyDown(inner)))
      return true;
  }
  return false;
}
