-- CreateTable
CREATE TABLE "tagger_pauses" (
    "workspace_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "paused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resume_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tagger_pauses_pkey" PRIMARY KEY ("workspace_id")
);

-- AddForeignKey
ALTER TABLE "tagger_pauses" ADD CONSTRAINT "tagger_pauses_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
