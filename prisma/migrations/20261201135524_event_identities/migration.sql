-- CreateTable
CREATE TABLE "event_identities" (
    "conversation_id" UUID NOT NULL,
    "first_sequence" INTEGER NOT NULL,
    "last_sequence" INTEGER NOT NULL,
    "identities" BYTEA NOT NULL,

    CONSTRAINT "event_identities_pkey" PRIMARY KEY ("conversation_id","first_sequence","last_sequence")
);

-- AddForeignKey
ALTER TABLE "event_identities" ADD CONSTRAINT "event_identities_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
