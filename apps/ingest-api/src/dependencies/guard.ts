import { Prisma } from "@catsyphon/db";
import { isRedisUnavailable } from "@catsyphon/queue";
import { ApiError, unavailable } from "../http/api-error";

/**
 * Runs a call to Postgres; a failure to reach it becomes 503 (never a 500, never a 202). Query errors
 * (constraint violations and the like) pass through for the caller to handle; Prisma's P1xxx codes are
 * connection-level (server gone, database missing, timeouts), so they count as unavailable too.
 */
export async function usingDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof Prisma.PrismaClientKnownRequestError && !error.code.startsWith("P1")) throw error;
    throw unavailable("The database", error);
  }
}

/**
 * Runs a call to Redis (sequencing, rate limits, the queue); Redis being unreachable becomes 503. Anything else
 * is a bug and stays a 500, so collectors do not retry it as if it were an outage.
 */
export async function usingRedis<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError || !isRedisUnavailable(error)) throw error;
    throw unavailable("The queue (Redis)", error);
  }
}
