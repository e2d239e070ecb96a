import "server-only";
// The ingestion page's reads, all scoped by the wrapper's workspace, and re-driving a parked batch (the same
// code as the worker's `failed retry`, from packages/queue).
import { markIngestionJobRequeued, type Prisma, type PrismaClient } from "@catsyphon/db";
import { JobNotParkedError, type QueuesByName, queueCounts, retryParkedJob } from "@catsyphon/queue";
import { type z } from "zod";
import { HttpError, notFound } from "../../server/http";
import { iso, isoOrNull } from "../shared-schemas";
import {
  type collectorHealthSchema,
  type IngestionJobListQuery,
  type ingestionJobListSchema,
  type ingestionJobSchema,
  type queueDepthsSchema,
} from "./schemas";

type IngestionJob = z.output<typeof ingestionJobSchema>;
type CollectorHealth = z.output<typeof collectorHealthSchema>;

/** A collector that sent something within this long is healthy (decision 0038). */
const HEALTHY_WITHIN_MS = 60 * 60 * 1000;

const jobSelect = {
  id: true,
  queueJobId: true,
  source: true,
  status: true,
  collectorId: true,
  conversationId: true,
  firstSequence: true,
  lastSequence: true,
  eventsAccepted: true,
  duplicates: true,
  messagesWritten: true,
  filesWritten: true,
  unknownModelCount: true,
  attempts: true,
  queueWaitMs: true,
  processingMs: true,
  error: true,
  receivedAt: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
} as const satisfies Prisma.IngestionJobSelect;
type JobRow = Prisma.IngestionJobGetPayload<{ select: typeof jobSelect }>;

const toJob = (row: JobRow): IngestionJob => ({
  id: row.id,
  queue_job_id: row.queueJobId,
  source: row.source,
  status: row.status,
  collector_id: row.collectorId,
  conversation_id: row.conversationId,
  first_sequence: row.firstSequence,
  last_sequence: row.lastSequence,
  events_accepted: row.eventsAccepted,
  duplicates: row.duplicates,
  messages_written: row.messagesWritten,
  files_written: row.filesWritten,
  unknown_model_count: row.unknownModelCount,
  attempts: row.attempts,
  queue_wait_ms: row.queueWaitMs,
  processing_ms: row.processingMs,
  error: row.error,
  received_at: iso(row.receivedAt),
  started_at: isoOrNull(row.startedAt),
  completed_at: isoOrNull(row.completedAt),
  created_at: iso(row.createdAt),
});

/** Newest first; every filter is served by an index of ingestion_jobs. */
export async function listIngestionJobs(
  prisma: PrismaClient,
  workspaceId: string,
  query: IngestionJobListQuery,
): Promise<z.output<typeof ingestionJobListSchema>> {
  const where: Prisma.IngestionJobWhereInput = {
    workspaceId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.collector_id ? { collectorId: query.collector_id } : {}),
    ...(query.conversation_id ? { conversationId: query.conversation_id } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.ingestionJob.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
      select: jobSelect,
    }),
    prisma.ingestionJob.count({ where }),
  ]);
  return {
    items: rows.map(toJob),
    total,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}

interface CollectorHealthRow {
  id: string;
  name: string | null;
  description: string | null;
  collector_type: string;
  collector_version: string;
  hostname: string | null;
  api_key_prefix: string;
  is_builtin: boolean;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  events_today: number;
  batches_today: number;
  events_24h: number;
  batches_24h: number;
  parked: number;
}

function healthOf(row: CollectorHealthRow, now: number): CollectorHealth["health"] {
  if (row.revoked_at) return "revoked";
  if (row.parked > 0) return "failing";
  if (row.last_seen_at && now - row.last_seen_at.getTime() <= HEALTHY_WITHIN_MS) return "healthy";
  return "idle";
}

/**
 * Each collector with the batches it sent today (since midnight in `timeZone`) and in the last 24 hours (by
 * received_at, whatever became of them), its parked batches and a health word.
 */
export async function listCollectorHealth(
  prisma: PrismaClient,
  workspaceId: string,
  timeZone: string,
): Promise<CollectorHealth[]> {
  const rows = await prisma.$queryRawUnsafe<CollectorHealthRow[]>(
    `WITH bounds AS (
       SELECT date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2 AS today, now() - interval '24 hours' AS day_ago)
     SELECT c.id::text, c.name, c.description, c.collector_type, c.collector_version, c.hostname, c.api_key_prefix,
            c.is_builtin, c.created_at, c.last_seen_at, c.revoked_at,
            COALESCE(t.events_today, 0)::int AS events_today, COALESCE(t.batches_today, 0)::int AS batches_today,
            COALESCE(t.events_24h, 0)::int AS events_24h, COALESCE(t.batches_24h, 0)::int AS batches_24h,
            COALESCE(p.parked, 0)::int AS parked
     FROM collector_configs c
     CROSS JOIN bounds b
     LEFT JOIN LATERAL (
       SELECT sum(j.events_accepted) FILTER (WHERE j.received_at >= b.today) AS events_today,
              count(*) FILTER (WHERE j.received_at >= b.today) AS batches_today,
              sum(j.events_accepted) FILTER (WHERE j.received_at >= b.day_ago) AS events_24h,
              count(*) FILTER (WHERE j.received_at >= b.day_ago) AS batches_24h
       FROM ingestion_jobs j
       WHERE j.collector_id = c.id AND j.received_at >= LEAST(b.today, b.day_ago)) t ON true
     LEFT JOIN LATERAL (
       SELECT count(*) AS parked FROM ingestion_jobs j WHERE j.collector_id = c.id AND j.status = 'failed') p ON true
     WHERE c.workspace_id = $1::uuid
     ORDER BY c.last_seen_at DESC NULLS LAST, c.created_at ASC`,
    workspaceId,
    timeZone,
  );
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    name: row.name ?? row.hostname ?? row.collector_type,
    description: row.description,
    kind: row.collector_type,
    version: row.collector_version,
    hostname: row.hostname,
    api_key_prefix: row.api_key_prefix,
    is_builtin: row.is_builtin,
    created_at: iso(row.created_at),
    last_seen_at: isoOrNull(row.last_seen_at),
    revoked_at: isoOrNull(row.revoked_at),
    today: { events: row.events_today, batches: row.batches_today },
    last_24h: { events: row.events_24h, batches: row.batches_24h },
    parked: row.parked,
    health: healthOf(row, now),
  }));
}

export async function queueDepths(
  prisma: PrismaClient,
  queues: QueuesByName,
  workspaceId: string,
): Promise<z.output<typeof queueDepthsSchema>> {
  const [items, workspaceParked] = await Promise.all([
    queueCounts(queues),
    prisma.ingestionJob.count({ where: { workspaceId, status: "failed" } }),
  ]);
  return { items, workspace_parked: workspaceParked };
}

/** Re-drives a parked batch of the workspace; 404 for another workspace's job, 409 when it is not parked. */
export async function retryIngestionJob(
  prisma: PrismaClient,
  queues: QueuesByName,
  workspaceId: string,
  id: string,
): Promise<IngestionJob> {
  const row = await prisma.ingestionJob.findFirst({ where: { id, workspaceId }, select: jobSelect });
  if (!row) throw notFound("No such ingestion job in this workspace");
  if (row.status !== "failed")
    throw new HttpError("conflict", `This batch is not parked (it is ${row.status})`);
  try {
    await retryParkedJob(queues.ingest, row.queueJobId);
  } catch (error) {
    if (error instanceof JobNotParkedError) throw new HttpError("conflict", error.message);
    throw error;
  }
  await markIngestionJobRequeued(prisma, row.queueJobId);
  return toJob({ ...row, status: "queued" });
}
