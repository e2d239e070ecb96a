// The developers read shapes (DESIGN §6): list and detail.
import { z } from "zod";
import { rangeQuery } from "../activity/range";
import {
  activityCountsSchema,
  activityTotalsSchema,
  agentActivitySchema,
  dailyActivitySchema,
  projectActivitySchema,
  rangeShape,
} from "../activity/schemas";
import { nullableTimestamp, pageOf, pageQuery } from "../shared-schemas";

export const developerListQuerySchema = z
  .object({
    ...pageQuery,
    page_size: z.coerce.number().int().min(1).max(100).default(25).describe("at most 100"),
  })
  .strict();
export const developerParamsSchema = z.object({ id: z.uuid() });

export const developerSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string().nullable(),
  last_activity_at: nullableTimestamp,
});

export const developerListItemSchema = developerSchema.extend(activityCountsSchema.shape).extend({
  projects: z.int().describe("distinct projects the developer has sessions in"),
});
export const developerListSchema = pageOf(developerListItemSchema);

export const developerDetailQuerySchema = z.object(rangeQuery).strict();
export const developerDetailSchema = developerSchema.extend({
  totals: activityTotalsSchema.describe("all time"),
  range: rangeShape,
  daily: z.array(dailyActivitySchema).describe("every day of the range, zeros included"),
  projects: z.array(projectActivitySchema).describe("all time"),
  agents: z.array(agentActivitySchema).describe("all time"),
});
