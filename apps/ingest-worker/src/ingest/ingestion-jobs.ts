// One ingestion_jobs row per batch (keyed by the BullMQ job id, so retries update the same row): what the
// dashboard's ingestion page shows.
import { type PrismaClient } from "@catsyphon/db";
import { type IngestBatchJob } from "@catsyphon/queue";

export interface JobOutcome {
  queueJobId: string;
  attempt: number;
  status: "succeeded" | "failed";
  messagesWritten: number;
  filesWritten: number;
  unknownModels: number;
  startedAt: Date;
  error?: string;
}

export async function recordIngestionJob(
  prisma: PrismaClient,
  job: IngestBatchJob,
  outcome: JobOutcome,
): Promise<void> {
  const receivedAt = new Date(job.server_received_at);
  const completedAt = new Date();
  const values = {
    status: outcome.status,
    attempts: outcome.attempt,
    eventsAccepted: job.events.length,
    messagesWritten: outcome.messagesWritten,
    filesWritten: outcome.filesWritten,
    unknownModelCount: outcome.unknownModels,
    queueWaitMs: Math.max(0, outcome.startedAt.getTime() - receivedAt.getTime()),
    processingMs: completedAt.getTime() - outcome.startedAt.getTime(),
    error: outcome.error ?? null,
    startedAt: outcome.startedAt,
    completedAt,
  };
  await prisma.ingestionJob.upsert({
    where: { queueJobId: outcome.queueJobId },
    create: {
      queueJobId: outcome.queueJobId,
      workspaceId: job.workspace_id,
      collectorId: job.collector_id,
      // The conversation row may not exist when the batch failed before creating it.
      conversationId: outcome.status === "succeeded" ? job.conversation_id : null,
      source: job.source,
      firstSequence: job.first_sequence,
      lastSequence: job.last_sequence,
      receivedAt,
      ...values,
    },
    update: values,
  });
}
