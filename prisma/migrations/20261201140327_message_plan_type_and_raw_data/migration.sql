-- AlterEnum
ALTER TYPE "message_type" ADD VALUE 'plan';

-- CreateTable
CREATE TABLE "message_raw_data" (
    "conversation_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "workspace_id" UUID NOT NULL,
    "raw_data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_raw_data_pkey" PRIMARY KEY ("conversation_id","sequence")
);

-- AddForeignKey
ALTER TABLE "message_raw_data" ADD CONSTRAINT "message_raw_data_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
