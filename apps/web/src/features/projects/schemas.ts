// The projects read shapes (DESIGN §6): list, detail, sessions (the conversations list of one project), files.
import { z } from "zod";
import { rangeQuery } from "../activity/range";
import {
  activityCountsSchema,
  activityTotalsSchema,
  agentActivitySchema,
  dailyActivitySchema,
  developerActivitySchema,
  rangeShape,
} from "../activity/schemas";
import { conversationListQuerySchema } from "../conversations/schemas";
import { nullableTimestamp, pageOf, pageQuery } from "../shared-schemas";

const pageSize = z.coerce.number().int().min(1).max(100).default(25).describe("at most 100");

export const projectListQuerySchema = z.object({ ...pageQuery, page_size: pageSize }).strict();
export const projectParamsSchema = z.object({ id: z.uuid() });

export const projectSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  directory_path: z.string(),
  last_activity_at: nullableTimestamp,
});

export const projectListItemSchema = projectSchema.extend(activityCountsSchema.shape).extend({
  developers: z.int().describe("distinct developers with sessions in the project"),
});
export const projectListSchema = pageOf(projectListItemSchema);

export const projectDetailQuerySchema = z.object(rangeQuery).strict();
export const projectDetailSchema = projectSchema.extend({
  totals: activityTotalsSchema.describe("all time"),
  range: rangeShape,
  daily: z.array(dailyActivitySchema).describe("every day of the range (cost per day), zeros included"),
  developers: z.array(developerActivitySchema).describe("all time"),
  agents: z.array(agentActivitySchema).describe("all time"),
});

export const projectSessionsQuerySchema = conversationListQuerySchema.omit({ project_id: true });

export const projectFilesQuerySchema = z.object({ ...pageQuery, page_size: pageSize }).strict();
export const projectFileSchema = z.object({
  file_path: z.string(),
  touches: z.int().describe("files_touched rows: reads, writes, edits, creations"),
  lines_added: z.int(),
  lines_deleted: z.int(),
  last_touched: nullableTimestamp,
  developers: z.array(z.string()).describe("usernames of the developers whose sessions touched it"),
});
export const projectFileListSchema = pageOf(projectFileSchema);
