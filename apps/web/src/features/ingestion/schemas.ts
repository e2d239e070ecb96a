// Read shapes of the ingestion page (DESIGN §6): the batches the worker applied or parked (ingestion_jobs), the
// collectors with their traffic and health, and the depth of the queues. One source for the handlers, the tests
// and the OpenAPI document.
import { z } from "zod";
import { nullableTimestamp, pageOf, pageQuery, timestamp } from "../shared-schemas";

export const INGESTION_JOB_STATUSES = ["queued", "processing", "succeeded", "failed"] as const;

export const ingestionJobListQuerySchema = z
  .object({
    ...pageQuery,
    page_size: z.coerce.number().int().min(1).max(100).default(50).describe("at most 100"),
    status: z.enum(INGESTION_JOB_STATUSES).optional().describe("failed = parked"),
    collector_id: z.uuid().optional(),
    conversation_id: z.uuid().optional(),
  })
  .strict();
export type IngestionJobListQuery = z.output<typeof ingestionJobListQuerySchema>;

export const ingestionJobSchema = z.object({
  id: z.uuid(),
  queue_job_id: z.string().describe("the BullMQ job id (deterministic per batch)"),
  source: z.enum(["collector", "watcher", "upload"]),
  status: z.enum(INGESTION_JOB_STATUSES),
  collector_id: z.uuid().nullable(),
  conversation_id: z.uuid().nullable(),
  first_sequence: z.int().nullable(),
  last_sequence: z.int().nullable(),
  events_accepted: z.int(),
  duplicates: z.int(),
  messages_written: z.int(),
  files_written: z.int(),
  unknown_model_count: z.int().describe("responses whose model has no price"),
  attempts: z.int(),
  queue_wait_ms: z.int().nullable(),
  processing_ms: z.int().nullable(),
  error: z.string().nullable().describe("why the batch was parked"),
  received_at: timestamp,
  started_at: nullableTimestamp,
  completed_at: nullableTimestamp,
  created_at: timestamp,
});
export const ingestionJobListSchema = pageOf(ingestionJobSchema);
export const ingestionJobParamsSchema = z.object({ id: z.uuid() });

/** A time zone name Intl knows (e.g. Europe/Paris); "today" starts at its midnight. */
const timeZone = z
  .string()
  .max(64)
  .refine(
    (name) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return true;
      } catch {
        return false;
      }
    },
    { error: "is not a known time zone" },
  );

export const collectorHealthQuerySchema = z
  .object({ tz: timeZone.default("UTC").describe("IANA time zone of 'today' (default UTC)") })
  .strict();

export const COLLECTOR_HEALTH = ["healthy", "idle", "failing", "revoked"] as const;

const traffic = z.object({ events: z.int(), batches: z.int() });

export const collectorHealthSchema = z.object({
  id: z.uuid(),
  name: z.string().describe("its name, else its hostname, else its kind"),
  description: z.string().nullable(),
  kind: z.string().describe("collector_type: watcher, sdk, aiobscura, ..."),
  version: z.string(),
  hostname: z.string().nullable(),
  api_key_prefix: z.string(),
  is_builtin: z.boolean(),
  created_at: timestamp,
  last_seen_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
  today: traffic.describe("batches received since midnight in tz, and their events"),
  last_24h: traffic,
  parked: z.int().describe("its batches parked now (failed, not re-driven)"),
  health: z
    .enum(COLLECTOR_HEALTH)
    .describe("revoked; else failing (parked batches); else healthy (seen within the hour); else idle"),
});
export const collectorHealthListSchema = z.object({ items: z.array(collectorHealthSchema) });

export const queueDepthSchema = z.object({
  name: z.string(),
  waiting: z.int(),
  active: z.int(),
  delayed: z.int().describe("waiting for a retry after a passing failure"),
  failed: z.int().describe("parked"),
});
export const queueDepthsSchema = z.object({
  items: z.array(queueDepthSchema).describe("the deployment's queues (shared by every workspace)"),
  workspace_parked: z.int().describe("this workspace's parked batches (ingestion_jobs)"),
});

/** GET /ingestion/tagger: whether LLM tagging is paused for this workspace (apps/tagger's tagger_pauses), and why. */
export const taggerStatusSchema = z.object({
  paused: z.boolean(),
  pause: z
    .object({
      reason: z.string().describe("auth or quota"),
      error: z.string().describe("the provider's error, as the tagger recorded it"),
      paused_at: timestamp,
      resume_at: timestamp.describe("when the tagger tries the LLM again"),
    })
    .nullable(),
});
export type TaggerStatus = z.output<typeof taggerStatusSchema>;
