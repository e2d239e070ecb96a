// Parked jobs: batches and completions of the ingest queue that can never be written as they are (decision 0022)
// sit in its failed set with their payload until someone re-drives them. Shared by the worker's `failed` command
// and the dashboard's retry route, so both re-drive the same way.
import { type Job, type Queue } from "bullmq";
import { z } from "zod";

export class JobNotParkedError extends Error {}

// What a parked job's payload tells about itself; shown as far as it parses (an invalid payload is parked too).
const jobDataSchema = z
  .object({
    session_id: z.string(),
    conversation_id: z.string(),
    first_sequence: z.number(),
    last_sequence: z.number(),
    up_to_sequence: z.number(),
  })
  .partial();

export interface ParkedJobSummary {
  id: string;
  name: string;
  session_id: string | null;
  conversation_id: string | null;
  /** `first-last` for a batch, `..n` for a completion. */
  sequences: string | null;
  parked_at: string | null;
  attempts: number;
  /** BullMQ's failure reason (the worker records the database's own message in ingestion_jobs). */
  failed_reason: string | null;
}

export function summarizeParkedJob(job: Job): ParkedJobSummary {
  const data = jobDataSchema.safeParse(job.data);
  const d = data.success ? data.data : {};
  const sequences =
    d.first_sequence !== undefined
      ? `${d.first_sequence}-${d.last_sequence ?? d.first_sequence}`
      : d.up_to_sequence !== undefined
        ? `..${d.up_to_sequence}`
        : null;
  return {
    id: job.id ?? "",
    name: job.name,
    session_id: d.session_id ?? null,
    conversation_id: d.conversation_id ?? null,
    sequences,
    parked_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    attempts: Math.max(job.attemptsMade, job.attemptsStarted),
    failed_reason: job.failedReason || null,
  };
}

/** Parked jobs, oldest first (BullMQ lists the failed set newest first; oldest first reads better for a backlog). */
export async function listParkedJobs(queue: Queue, limit: number): Promise<Job[]> {
  return (await queue.getFailed(0, limit - 1)).reverse();
}

/**
 * Moves one parked job back to the queue, where a worker takes it again with a fresh backoff (attempts reset, so
 * it starts from WORKER_RETRY_BASE_MS). Throws JobNotParkedError when there is no such job or it is not parked.
 */
export async function retryParkedJob(queue: Queue, id: string): Promise<void> {
  const job = await queue.getJob(id);
  if (!job) throw new JobNotParkedError(`no job ${id} in the ${queue.name} queue`);
  const state = await job.getState();
  if (state !== "failed") throw new JobNotParkedError(`job ${id} is not parked (it is ${state})`);
  await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
}
