import { type PrismaClient } from "@catsyphon/db";
import { type Logger } from "@catsyphon/logger";

const MIN_INTERVAL_MS = 60_000;

/**
 * Keeps collector_configs.last_seen_at fresh (the dashboard shows collector health) with at most one write per
 * collector a minute per process, off the request path.
 */
export function lastSeenTracker(prisma: PrismaClient, logger: Logger): (collectorId: string) => void {
  const written = new Map<string, number>();
  return (collectorId) => {
    const now = Date.now();
    if (now - (written.get(collectorId) ?? 0) < MIN_INTERVAL_MS) return;
    written.set(collectorId, now);
    prisma.collectorConfig
      .update({ where: { id: collectorId }, data: { lastSeenAt: new Date(now) }, select: { id: true } })
      .catch((error: unknown) => logger.warn({ err: error, collectorId }, "could not record last_seen_at"));
  };
}
