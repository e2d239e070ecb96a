// Read shapes of activity sums (sessions, messages, tokens, cost), shared by the overview, projects and developers.
import { z } from "zod";

export const activityCountsSchema = z.object({
  sessions: z.int().describe("main sessions started"),
  subagent_sessions: z.int().describe("sub-agent sessions started"),
  messages: z.int(),
  tool_calls: z.int(),
  input_tokens: z.int(),
  output_tokens: z.int(),
  cache_read_tokens: z.int(),
  cache_creation_tokens: z.int(),
  total_tokens: z.int(),
  cost_usd: z.number().describe("USD of the responses whose model has a price"),
});
export type ActivityCounts = z.output<typeof activityCountsSchema>;

export const activityTotalsSchema = activityCountsSchema.extend({
  success_rate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("succeeded / (succeeded + failed) of the sessions started; null when none has an outcome"),
});

export const dailyActivitySchema = activityCountsSchema.extend({
  date: z.iso.date().describe("a day in tz"),
});

export const agentActivitySchema = activityCountsSchema.extend({ agent_type: z.string() });
export const modelActivitySchema = activityCountsSchema.extend({ model: z.string() });
export const projectActivitySchema = activityCountsSchema.extend({
  id: z.uuid().nullable().describe("null: sessions without a project"),
  name: z.string().nullable(),
});
export const developerActivitySchema = activityCountsSchema.extend({
  id: z.uuid().nullable().describe("null: sessions without a developer"),
  username: z.string().nullable(),
});
export const toolActivitySchema = z.object({ tool_name: z.string(), calls: z.int(), failures: z.int() });

export const rangeShape = z.object({ start_date: z.iso.date(), end_date: z.iso.date(), tz: z.string() });
