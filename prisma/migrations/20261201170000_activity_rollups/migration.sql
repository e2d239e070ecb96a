-- CreateTable
CREATE TABLE "conversation_rollups" (
    "conversation_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "model" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "messages" BIGINT NOT NULL DEFAULT 0,
    "tool_calls" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_read_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_creation_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(38,10) NOT NULL DEFAULT 0,

    CONSTRAINT "conversation_rollups_pkey" PRIMARY KEY ("conversation_id","bucket_start","model")
);

-- CreateTable
CREATE TABLE "workspace_rollups" (
    "workspace_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "agent_type" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "developer_id" UUID NOT NULL,
    "messages" BIGINT NOT NULL DEFAULT 0,
    "tool_calls" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_read_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_creation_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(38,10) NOT NULL DEFAULT 0,
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "subagent_sessions" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "workspace_rollups_pkey" PRIMARY KEY ("workspace_id","bucket_start","agent_type","model","project_id","developer_id")
);

-- CreateTable
CREATE TABLE "tool_rollups" (
    "workspace_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "tool_name" TEXT NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "failures" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "tool_rollups_pkey" PRIMARY KEY ("workspace_id","bucket_start","tool_name")
);

-- CreateIndex
CREATE INDEX "workspace_rollups_workspace_id_project_id_bucket_start_idx" ON "workspace_rollups"("workspace_id", "project_id", "bucket_start");

-- CreateIndex
CREATE INDEX "workspace_rollups_workspace_id_developer_id_bucket_start_idx" ON "workspace_rollups"("workspace_id", "developer_id", "bucket_start");

-- CreateIndex
CREATE INDEX "conversations_workspace_id_parent_conversation_id_last_acti_idx" ON "conversations"("workspace_id", "parent_conversation_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_success_last_activity_at_idx" ON "conversations"("workspace_id", "success", "last_activity_at" DESC);

-- AddForeignKey
ALTER TABLE "conversation_rollups" ADD CONSTRAINT "conversation_rollups_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_rollups" ADD CONSTRAINT "workspace_rollups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_rollups" ADD CONSTRAINT "tool_rollups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the rows already written (decision 0033), so an upgraded archive reads the same numbers as one
-- that had the aggregates from its first batch. The same sums the worker keeps up to date.
INSERT INTO "conversation_rollups" ("conversation_id", "bucket_start", "model", "workspace_id", "messages",
  "tool_calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_usd")
SELECT m.conversation_id, date_bin('15 minutes', m.emitted_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       COALESCE(m.extra_data->>'model', ''), m.workspace_id, count(*),
       count(*) FILTER (WHERE m.message_type = 'tool_call'),
       COALESCE(sum((m.extra_data->'token_usage'->>'input_tokens')::bigint), 0),
       COALESCE(sum((m.extra_data->'token_usage'->>'output_tokens')::bigint), 0),
       COALESCE(sum((m.extra_data->'token_usage'->>'cache_read_tokens')::bigint), 0),
       COALESCE(sum((m.extra_data->'token_usage'->>'cache_creation_tokens')::bigint), 0),
       COALESCE(sum(m.cost_usd), 0)
FROM "messages" m
GROUP BY 1, 2, 3, 4;

INSERT INTO "workspace_rollups" ("workspace_id", "bucket_start", "agent_type", "model", "project_id",
  "developer_id", "messages", "tool_calls", "input_tokens", "output_tokens", "cache_read_tokens",
  "cache_creation_tokens", "cost_usd")
SELECT c.workspace_id, r.bucket_start, c.agent_type, r.model,
       COALESCE(c.project_id, '00000000-0000-0000-0000-000000000000'),
       COALESCE(c.developer_id, '00000000-0000-0000-0000-000000000000'),
       sum(r.messages), sum(r.tool_calls), sum(r.input_tokens), sum(r.output_tokens), sum(r.cache_read_tokens),
       sum(r.cache_creation_tokens), sum(r.cost_usd)
FROM "conversation_rollups" r JOIN "conversations" c ON c.id = r.conversation_id
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "workspace_rollups" ("workspace_id", "bucket_start", "agent_type", "model", "project_id",
  "developer_id", "sessions", "subagent_sessions", "succeeded", "failed")
SELECT c.workspace_id, date_bin('15 minutes', c.start_time, TIMESTAMPTZ '2000-01-01 00:00:00+00'), c.agent_type, '',
       COALESCE(c.project_id, '00000000-0000-0000-0000-000000000000'),
       COALESCE(c.developer_id, '00000000-0000-0000-0000-000000000000'),
       count(*) FILTER (WHERE c.conversation_type = 'main'), count(*) FILTER (WHERE c.conversation_type = 'agent'),
       count(*) FILTER (WHERE c.success), count(*) FILTER (WHERE NOT c.success)
FROM "conversations" c
WHERE c.start_time IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("workspace_id", "bucket_start", "agent_type", "model", "project_id", "developer_id") DO UPDATE SET
  "sessions" = excluded."sessions", "subagent_sessions" = excluded."subagent_sessions",
  "succeeded" = excluded."succeeded", "failed" = excluded."failed";

INSERT INTO "tool_rollups" ("workspace_id", "bucket_start", "tool_name", "calls", "failures")
SELECT m.workspace_id, date_bin('15 minutes', m.emitted_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       COALESCE(m.tool_calls->0->>'tool_name', ''), count(*),
       count(*) FILTER (WHERE m.tool_calls->0->>'success' = 'false')
FROM "messages" m
WHERE m.message_type = 'tool_call'
GROUP BY 1, 2, 3;
