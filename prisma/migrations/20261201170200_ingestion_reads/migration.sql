-- DropIndex
DROP INDEX "ingestion_jobs_conversation_id_idx";

-- AlterTable
ALTER TABLE "collector_configs" ADD COLUMN     "description" TEXT,
ADD COLUMN     "name" TEXT;

-- CreateIndex
CREATE INDEX "ingestion_jobs_collector_id_received_at_idx" ON "ingestion_jobs"("collector_id", "received_at" DESC);

-- CreateIndex
CREATE INDEX "ingestion_jobs_conversation_id_created_at_idx" ON "ingestion_jobs"("conversation_id", "created_at" DESC);
