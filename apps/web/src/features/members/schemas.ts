import { MEMBERSHIP_ROLES } from "@catsyphon/accounts/shapes";
import { z } from "zod";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const roleSchema = z.enum(MEMBERSHIP_ROLES);

export const memberSchema = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  joined_at: timestamp,
  last_login_at: nullableTimestamp,
  disabled: z.boolean(),
});
export const memberListSchema = z.object({ items: z.array(memberSchema) });

export const memberParamsSchema = z.object({ userId: z.uuid() });
export const changeRoleBodySchema = z.object({ role: roleSchema }).strict();
