// GET /api/v1/stats/overview: the workspace's activity over a range of days in a time zone (DESIGN §6).
import { z } from "zod";
import { rangeQuery } from "../activity/range";
import {
  activityTotalsSchema,
  agentActivitySchema,
  dailyActivitySchema,
  developerActivitySchema,
  modelActivitySchema,
  projectActivitySchema,
  rangeShape,
  toolActivitySchema,
} from "../activity/schemas";

export const overviewQuerySchema = z.object(rangeQuery).strict();

export const overviewSchema = z.object({
  range: rangeShape,
  totals: activityTotalsSchema.extend({
    active_now: z
      .int()
      .describe("sessions active with an event in the last 10 minutes (now, not in the range)"),
  }),
  daily: z.array(dailyActivitySchema).describe("every day of the range, zeros included"),
  by_agent: z.array(agentActivitySchema),
  by_model: z.array(modelActivitySchema).describe("messages that name a model (responses)"),
  by_project: z.array(projectActivitySchema),
  by_developer: z.array(developerActivitySchema),
  top_tools: z.array(toolActivitySchema).describe("the 10 most called tools"),
});
export type Overview = z.output<typeof overviewSchema>;
