-- CreateEnum
CREATE TYPE "rollup_dimension" AS ENUM ('agent', 'model', 'project', 'developer');

-- CreateTable
CREATE TABLE "day_rollups" (
    "workspace_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "dimension" "rollup_dimension" NOT NULL,
    "value" TEXT NOT NULL,
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

    CONSTRAINT "day_rollups_pkey" PRIMARY KEY ("workspace_id","day","dimension","value")
);

-- CreateTable
CREATE TABLE "total_rollups" (
    "workspace_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
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

    CONSTRAINT "total_rollups_pkey" PRIMARY KEY ("workspace_id","bucket_start")
);

-- CreateTable
CREATE TABLE "tool_day_rollups" (
    "workspace_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "tool_name" TEXT NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "failures" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "tool_day_rollups_pkey" PRIMARY KEY ("workspace_id","day","tool_name")
);

-- AddForeignKey
ALTER TABLE "day_rollups" ADD CONSTRAINT "day_rollups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "total_rollups" ADD CONSTRAINT "total_rollups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_day_rollups" ADD CONSTRAINT "tool_day_rollups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the 15-minute aggregates (decision 0053), which the worker has kept exact since decision 0033:
-- the same sums the worker now also keeps per UTC day and per bucket.
INSERT INTO "day_rollups" ("workspace_id", "day", "dimension", "value", "messages", "tool_calls", "input_tokens",
  "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_usd", "sessions", "subagent_sessions",
  "succeeded", "failed")
SELECT w.workspace_id, (w.bucket_start AT TIME ZONE 'UTC')::date, d.dimension, d.value, sum(w.messages),
       sum(w.tool_calls), sum(w.input_tokens), sum(w.output_tokens), sum(w.cache_read_tokens),
       sum(w.cache_creation_tokens), sum(w.cost_usd), sum(w.sessions), sum(w.subagent_sessions), sum(w.succeeded),
       sum(w.failed)
FROM "workspace_rollups" w
CROSS JOIN LATERAL (VALUES ('agent'::"rollup_dimension", w.agent_type), ('model', w.model),
                           ('project', w.project_id::text), ('developer', w.developer_id::text)) AS d(dimension, value)
GROUP BY 1, 2, 3, 4;

INSERT INTO "total_rollups" ("workspace_id", "bucket_start", "messages", "tool_calls", "input_tokens",
  "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_usd", "sessions", "subagent_sessions",
  "succeeded", "failed")
SELECT w.workspace_id, w.bucket_start, sum(w.messages), sum(w.tool_calls), sum(w.input_tokens),
       sum(w.output_tokens), sum(w.cache_read_tokens), sum(w.cache_creation_tokens), sum(w.cost_usd),
       sum(w.sessions), sum(w.subagent_sessions), sum(w.succeeded), sum(w.failed)
FROM "workspace_rollups" w
GROUP BY 1, 2;

INSERT INTO "tool_day_rollups" ("workspace_id", "day", "tool_name", "calls", "failures")
SELECT t.workspace_id, (t.bucket_start AT TIME ZONE 'UTC')::date, t.tool_name, sum(t.calls), sum(t.failures)
FROM "tool_rollups" t
GROUP BY 1, 2, 3;
