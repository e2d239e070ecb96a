// Completes sessions that have been silent longer than SESSION_IDLE_MINUTES (DESIGN §4 item 7): most agents never
// write an explicit end. The outcome stays as reported, or `unknown`: silence says nothing about success.
import { type PrismaClient } from "@catsyphon/db";

const SWEEP_BATCH = 1000;

export interface SweptSession {
  id: string;
  workspace_id: string;
  last_activity_at: Date;
}

/** Closes up to SWEEP_BATCH idle sessions per call (rows locked by a concurrent sweep are skipped). */
export async function sweepIdleSessions(prisma: PrismaClient, idleMinutes: number): Promise<SweptSession[]> {
  return prisma.$queryRawUnsafe<SweptSession[]>(
    `UPDATE conversations c SET
       status = 'completed', outcome = COALESCE(c.outcome, 'unknown'),
       -- The last activity, also for a session that was closed before and reopened by later events.
       end_time = c.last_activity_at,
       extra_data = c.extra_data || jsonb_build_object('end_sequence', c.last_event_sequence, 'closed_by', 'idle_sweeper'),
       updated_at = now()
     WHERE c.id IN (SELECT id FROM conversations
                    WHERE status = 'active' AND last_activity_at < now() - make_interval(mins => $1::int)
                    ORDER BY last_activity_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING c.id, c.workspace_id, c.last_activity_at`,
    idleMinutes,
  );
}
