-- CreateEnum
CREATE TYPE "membership_role" AS ENUM ('owner', 'admin', 'member', 'viewer');

-- CreateEnum
CREATE TYPE "conversation_type" AS ENUM ('main', 'agent');

-- CreateEnum
CREATE TYPE "conversation_status" AS ENUM ('active', 'completed');

-- CreateEnum
CREATE TYPE "author_role" AS ENUM ('human', 'caller', 'assistant', 'agent', 'tool', 'system');

-- CreateEnum
CREATE TYPE "message_type" AS ENUM ('prompt', 'response', 'tool_call', 'tool_result', 'thinking', 'error', 'summary', 'context');

-- CreateEnum
CREATE TYPE "file_change_type" AS ENUM ('read', 'write', 'edit', 'create');

-- CreateEnum
CREATE TYPE "ingestion_source" AS ENUM ('collector', 'watcher', 'upload');

-- CreateEnum
CREATE TYPE "ingestion_status" AS ENUM ('queued', 'processing', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "workspaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "membership_role" NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by_user_id" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collector_configs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "collector_type" TEXT NOT NULL,
    "collector_version" TEXT NOT NULL,
    "hostname" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "api_key_hash" TEXT NOT NULL,
    "api_key_prefix" TEXT NOT NULL,
    "is_builtin" BOOLEAN NOT NULL DEFAULT false,
    "last_seen_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collector_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "directory_path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "developers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "developers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "collector_id" UUID,
    "project_id" UUID,
    "developer_id" UUID,
    "collector_session_id" TEXT NOT NULL,
    "agent_type" TEXT NOT NULL,
    "agent_version" TEXT,
    "conversation_type" "conversation_type" NOT NULL DEFAULT 'main',
    "parent_session_id" TEXT,
    "parent_conversation_id" UUID,
    "status" "conversation_status" NOT NULL DEFAULT 'active',
    "outcome" TEXT,
    "success" BOOLEAN,
    "last_event_sequence" INTEGER NOT NULL DEFAULT 0,
    "start_time" TIMESTAMPTZ(3),
    "end_time" TIMESTAMPTZ(3),
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message_count" INTEGER NOT NULL DEFAULT 0,
    "tool_call_count" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_read_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_creation_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(20,10),
    "extra_data" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "tagged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "epochs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversation_id" UUID NOT NULL,
    "epoch_number" INTEGER NOT NULL,
    "start_sequence" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "trigger" TEXT,
    "pre_tokens" INTEGER,
    "summary" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "epochs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "epoch_id" UUID,
    "sequence" INTEGER NOT NULL,
    "author_role" "author_role" NOT NULL,
    "message_type" "message_type" NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "thinking_content" TEXT,
    "tool_calls" JSONB NOT NULL DEFAULT '[]',
    "extra_data" JSONB NOT NULL DEFAULT '{}',
    "cost_usd" DECIMAL(20,10),
    "emitted_at" TIMESTAMPTZ(3) NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "server_received_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "files_touched" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "message_id" UUID,
    "source_sequence" INTEGER NOT NULL,
    "file_path" TEXT NOT NULL,
    "change_type" "file_change_type" NOT NULL,
    "lines_added" INTEGER NOT NULL DEFAULT 0,
    "lines_deleted" INTEGER NOT NULL DEFAULT 0,
    "touched_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "files_touched_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingestion_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "collector_id" UUID,
    "conversation_id" UUID,
    "queue_job_id" TEXT NOT NULL,
    "source" "ingestion_source" NOT NULL DEFAULT 'collector',
    "status" "ingestion_status" NOT NULL DEFAULT 'queued',
    "first_sequence" INTEGER,
    "last_sequence" INTEGER,
    "events_accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "messages_written" INTEGER NOT NULL DEFAULT 0,
    "files_written" INTEGER NOT NULL DEFAULT 0,
    "unknown_model_count" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queue_wait_ms" INTEGER,
    "processing_ms" INTEGER,
    "error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingestion_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_cache" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "cache_key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_version" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "hit_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "tag_cache_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "model" TEXT,
    "prompt_version" TEXT,
    "cache_hit" BOOLEAN NOT NULL DEFAULT false,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" DECIMAL(20,10),
    "latency_ms" INTEGER,
    "error" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analysis_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workspaces_slug_key" ON "workspaces"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_workspace_id_user_id_key" ON "memberships"("workspace_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_sessions_token_hash_key" ON "user_sessions"("token_hash");

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_workspace_id_idx" ON "api_tokens"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "collector_configs_api_key_hash_key" ON "collector_configs"("api_key_hash");

-- CreateIndex
CREATE INDEX "collector_configs_workspace_id_last_seen_at_idx" ON "collector_configs"("workspace_id", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "projects_workspace_id_name_idx" ON "projects"("workspace_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "projects_workspace_id_directory_path_key" ON "projects"("workspace_id", "directory_path");

-- CreateIndex
CREATE UNIQUE INDEX "developers_workspace_id_username_key" ON "developers"("workspace_id", "username");

-- CreateIndex
CREATE INDEX "conversations_workspace_id_last_activity_at_idx" ON "conversations"("workspace_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_project_id_last_activity_at_idx" ON "conversations"("workspace_id", "project_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_developer_id_last_activity_at_idx" ON "conversations"("workspace_id", "developer_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_agent_type_last_activity_at_idx" ON "conversations"("workspace_id", "agent_type", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_status_last_activity_at_idx" ON "conversations"("workspace_id", "status", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_start_time_idx" ON "conversations"("workspace_id", "start_time" DESC);

-- CreateIndex
CREATE INDEX "conversations_workspace_id_parent_session_id_idx" ON "conversations"("workspace_id", "parent_session_id");

-- CreateIndex
CREATE INDEX "conversations_parent_conversation_id_idx" ON "conversations"("parent_conversation_id");

-- CreateIndex
CREATE INDEX "conversations_status_last_activity_at_idx" ON "conversations"("status", "last_activity_at");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_workspace_id_collector_session_id_key" ON "conversations"("workspace_id", "collector_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "epochs_conversation_id_epoch_number_key" ON "epochs"("conversation_id", "epoch_number");

-- CreateIndex
CREATE UNIQUE INDEX "epochs_conversation_id_start_sequence_key" ON "epochs"("conversation_id", "start_sequence");

-- CreateIndex
CREATE INDEX "messages_workspace_id_emitted_at_idx" ON "messages"("workspace_id", "emitted_at" DESC);

-- CreateIndex
CREATE INDEX "messages_epoch_id_idx" ON "messages"("epoch_id");

-- CreateIndex
CREATE UNIQUE INDEX "messages_conversation_id_sequence_key" ON "messages"("conversation_id", "sequence");

-- CreateIndex
CREATE INDEX "files_touched_workspace_id_file_path_idx" ON "files_touched"("workspace_id", "file_path");

-- CreateIndex
CREATE INDEX "files_touched_message_id_idx" ON "files_touched"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "files_touched_conversation_id_source_sequence_file_path_cha_key" ON "files_touched"("conversation_id", "source_sequence", "file_path", "change_type");

-- CreateIndex
CREATE UNIQUE INDEX "ingestion_jobs_queue_job_id_key" ON "ingestion_jobs"("queue_job_id");

-- CreateIndex
CREATE INDEX "ingestion_jobs_workspace_id_created_at_idx" ON "ingestion_jobs"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "ingestion_jobs_workspace_id_status_created_at_idx" ON "ingestion_jobs"("workspace_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "ingestion_jobs_collector_id_created_at_idx" ON "ingestion_jobs"("collector_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "ingestion_jobs_conversation_id_idx" ON "ingestion_jobs"("conversation_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_cache_cache_key_key" ON "tag_cache"("cache_key");

-- CreateIndex
CREATE INDEX "tag_cache_expires_at_idx" ON "tag_cache"("expires_at");

-- CreateIndex
CREATE INDEX "analysis_runs_conversation_id_created_at_idx" ON "analysis_runs"("conversation_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "analysis_runs_workspace_id_created_at_idx" ON "analysis_runs"("workspace_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collector_configs" ADD CONSTRAINT "collector_configs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "developers" ADD CONSTRAINT "developers_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_collector_id_fkey" FOREIGN KEY ("collector_id") REFERENCES "collector_configs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_developer_id_fkey" FOREIGN KEY ("developer_id") REFERENCES "developers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_parent_conversation_id_fkey" FOREIGN KEY ("parent_conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epochs" ADD CONSTRAINT "epochs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_epoch_id_fkey" FOREIGN KEY ("epoch_id") REFERENCES "epochs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "files_touched" ADD CONSTRAINT "files_touched_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "files_touched" ADD CONSTRAINT "files_touched_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingestion_jobs" ADD CONSTRAINT "ingestion_jobs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingestion_jobs" ADD CONSTRAINT "ingestion_jobs_collector_id_fkey" FOREIGN KEY ("collector_id") REFERENCES "collector_configs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingestion_jobs" ADD CONSTRAINT "ingestion_jobs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
