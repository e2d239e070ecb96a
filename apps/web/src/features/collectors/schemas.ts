import { z } from "zod";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const collectorSchema = z.object({
  id: z.uuid(),
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
