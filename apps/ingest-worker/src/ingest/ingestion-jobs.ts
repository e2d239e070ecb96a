// One ingestion_jobs row per batch (keyed by the BullMQ job id, so retries update the same row): what the
// dashboard's ingestion page shows. Succeeded rows are written in the transaction that wrote the batch's rows;
// failed ones on their own, after the transaction rolled back.
import { type PrismaClient } from "@catsyphon/db";
import { type BatchResult, type TakenBatch } from "./apply-batch";
import { type SqlRunner } from "./sql-transaction";

type Tx = SqlRunner;

interface JobRow {
  batch: TakenBatch;
  status: "succeeded" | "failed";
  result: BatchResult;
  error: string | null;
  /** Null for a failed batch: its conversation row may not exist. */
  conversationId: string | null;
}

async function upsertJobRows(db: Tx | PrismaClient, rows: readonly JobRow[]): Promise<void> {
  if (rows.length === 0) return;
  const completedAt = new Date();
  const at = (date: Date) => date.toISOString();
  await db.$executeRawUnsafe(
    `INSERT INTO ingestion_jobs (queue_job_id, workspace_id, collector_id, conversation_id, source, status,
                                 first_sequence, last_sequence, events_accepted, messages_written, files_written,
                                 unknown_model_count, attempts, queue_wait_ms, processing_ms, error, received_at,
                                 started_at, completed_at)
     SELECT u.job_id, $1::uuid, u.collector_id, u.conversation_id, u.source::ingestion_source,
            u.status::ingestion_status, u.first_seq, u.last_seq, u.events, u.messages, u.files, u.unknown_models,
            u.attempts, u.wait_ms, u.processing_ms, u.error, u.received_at, u.started_at, $2::timestamptz
     FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[],
                 $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[], $17::text[],
                 $18::timestamptz[], $19::timestamptz[])
          AS u(job_id, collector_id, conversation_id, source, status, first_seq, last_seq, events, messages,
               files, unknown_models, attempts, wait_ms, processing_ms, error, received_at, started_at)
     ON CONFLICT (queue_job_id) DO UPDATE SET
       status = EXCLUDED.status, attempts = EXCLUDED.attempts, events_accepted = EXCLUDED.events_accepted,
       messages_written = EXCLUDED.messages_written, files_written = EXCLUDED.files_written,
       unknown_model_count = EXCLUDED.unknown_model_count, queue_wait_ms = EXCLUDED.queue_wait_ms,
       processing_ms = EXCLUDED.processing_ms, error = EXCLUDED.error, started_at = EXCLUDED.started_at,
       completed_at = EXCLUDED.completed_at,
       conversation_id = COALESCE(EXCLUDED.conversation_id, ingestion_jobs.conversation_id)`,
    rows[0]?.batch.job.workspace_id,
    at(completedAt),
    rows.map((r) => r.batch.queueJobId),
    rows.map((r) => r.batch.job.collector_id),
    rows.map((r) => r.conversationId),
    rows.map((r) => r.batch.job.source),
    rows.map((r) => r.status),
    rows.map((r) => r.batch.job.first_sequence),
    rows.map((r) => r.batch.job.last_sequence),
    rows.map((r) => r.batch.job.events.length),
    rows.map((r) => r.result.messagesWritten),
    rows.map((r) => r.result.filesWritten),
    rows.map((r) => r.result.unknownModels),
    rows.map((r) => r.batch.attempt),
    rows.map((r) =>
      Math.max(0, r.batch.takenAt.getTime() - new Date(r.batch.job.server_received_at).getTime()),
    ),
    rows.map((r) => completedAt.getTime() - r.batch.takenAt.getTime()),
    rows.map((r) => r.error),
    rows.map((r) => r.batch.job.server_received_at),
    rows.map((r) => at(r.batch.takenAt)),
  );
}

/** Inside the write's transaction: the batches' rows are committed with their data. */
export async function recordSucceededJobs(
  tx: Tx,
  batches: readonly (TakenBatch & { result: BatchResult })[],
): Promise<void> {
  await upsertJobRows(
    tx,
    batches.map((batch) => ({
      batch,
      status: "succeeded",
      result: batch.result,
      error: null,
      conversationId: batch.job.conversation_id,
    })),
  );
}

export async function recordFailedJob(prisma: PrismaClient, batch: TakenBatch, error: string): Promise<void> {
  await upsertJobRows(prisma, [
    {
      batch,
      status: "failed",
      result: { messagesWritten: 0, filesWritten: 0, unknownModels: 0 },
      error,
      conversationId: null,
    },
  ]);
}
