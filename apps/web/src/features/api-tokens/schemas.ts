import { API_TOKEN_SCOPES } from "@catsyphon/accounts/shapes";
import { z } from "zod";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  token_prefix: z.string().describe("csa_ and 8 characters, to tell tokens apart"),
  scopes: z.array(z.string()),
  state: z.enum(["active", "expired", "revoked"]),
  created_at: timestamp,
  last_used_at: nullableTimestamp,
  expires_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
});
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

export const createApiTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).max(2).default(["read"]),
    expires_in_days: z.int().min(1).max(3650).optional(),
  })
  .strict();
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string().describe("shown once") });

export const apiTokenParamsSchema = z.object({ id: z.uuid() });
