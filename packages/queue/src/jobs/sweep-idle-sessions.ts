// Repeatable job: complete the sessions that have been silent longer than the idle time (DESIGN §4.7).
import { type Queue } from "bullmq";
import { z } from "zod";

import { JOB_NAMES } from "../names";
import { parseJobPayload } from "../payload";

export const sweepIdleSessionsJobSchema = z.object({
  /** Overrides the worker's configured idle time (SESSION_IDLE_MINUTES) when present. */
  idle_minutes: z
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .optional(),
});

export type SweepIdleSessionsJob = z.output<typeof sweepIdleSessionsJobSchema>;
export type SweepIdleSessionsJobInput = z.input<typeof sweepIdleSessionsJobSchema>;

/**
 * One fixed scheduler id: every worker replica upserts the same scheduler at boot, so there is one sweep per tick
 * however many replicas run, and the last upsert's settings win.
 */
export const IDLE_SWEEP_SCHEDULER_ID = "idle-session-sweeper";
export const DEFAULT_IDLE_SWEEP_EVERY_MS = 60_000;

export interface IdleSweepSchedule {
  /** Interval between sweeps; one minute by default. */
  everyMs?: number;
  payload?: SweepIdleSessionsJobInput;
}

/** Checks a schedule and fills in the defaults; throws before anything touches Redis. */
export function resolveIdleSweepSchedule({
  everyMs = DEFAULT_IDLE_SWEEP_EVERY_MS,
  payload = {},
}: IdleSweepSchedule = {}): { everyMs: number; payload: SweepIdleSessionsJob } {
  if (!Number.isInteger(everyMs) || everyMs < 1_000) {
    throw new RangeError(`everyMs must be an integer of at least 1000, got ${everyMs}`);
  }
  return {
    everyMs,
    payload: parseJobPayload(JOB_NAMES.sweepIdleSessions, sweepIdleSessionsJobSchema, payload),
  };
}

/** Creates or updates the idle-session sweeper's job scheduler on the maintenance queue. */
export async function upsertIdleSweepScheduler(
  maintenanceQueue: Queue,
  schedule?: IdleSweepSchedule,
): Promise<void> {
  const { everyMs, payload } = resolveIdleSweepSchedule(schedule);
  await maintenanceQueue.upsertJobScheduler(
    IDLE_SWEEP_SCHEDULER_ID,
    { every: everyMs },
    { name: JOB_NAMES.sweepIdleSessions, data: payload },
  );
}
