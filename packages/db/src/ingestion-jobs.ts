// The ingestion_jobs row of a parked batch that was re-driven (worker CLI, dashboard): queued again until the
// worker writes its outcome over it.
import { type PrismaClient } from "./generated/prisma/client";

export async function markIngestionJobRequeued(prisma: PrismaClient, queueJobId: string): Promise<void> {
  await prisma.ingestionJob.updateMany({
    where: { queueJobId, status: "failed" },
    data: { status: "queued" },
  });
}
