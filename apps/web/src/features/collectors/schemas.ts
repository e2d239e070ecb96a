import { z } from "zod";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const collectorSchema = z.object({
  id: z.uuid(),
  name: z.string().nullable().describe("given when created from the dashboard; registrations have none"),
  description: z.string().nullable(),
  collector_type: z.string(),
  collector_version: z.string(),
  hostname: z.string().nullable(),
  api_key_prefix: z.string().describe("the first characters of its key, to tell collectors apart"),
  is_builtin: z.boolean(),
  state: z.enum(["active", "revoked"]),
  last_seen_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
  created_at: timestamp,
});
export const collectorListSchema = z.object({ items: z.array(collectorSchema) });
export const collectorParamsSchema = z.object({ id: z.uuid() });

export const createCollectorBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).optional(),
  })
  .strict();
export type CreateCollectorBody = z.output<typeof createCollectorBodySchema>;

/** The new collector and its key, shown in this answer only (only its SHA-256 is stored). */
export const createdCollectorSchema = collectorSchema.extend({
  api_key: z.string().describe("cs_<env>_...: send as Authorization: Bearer, with X-Collector-ID: id"),
  workspace_id: z.uuid(),
});
