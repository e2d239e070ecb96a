import { emailSchema, passwordSchema } from "@catsyphon/accounts/shapes";
import { z } from "zod";
import { roleSchema } from "../members/schemas";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const INVITE_VALID_DAYS = 7;

export const inviteSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: roleSchema,
  state: z.enum(["pending", "accepted", "expired", "revoked"]),
  invited_by: z.string().nullable().describe("the inviter's email"),
  created_at: timestamp,
  expires_at: timestamp,
  accepted_at: nullableTimestamp,
});
export const inviteListSchema = z.object({ items: z.array(inviteSchema) });

export const createInviteBodySchema = z.object({ email: emailSchema, role: roleSchema }).strict();
export const createdInviteSchema = inviteSchema.extend({
  token: z.string().describe("shown once"),
  url: z.string().describe("the one-time link to hand to the invitee, valid 7 days"),
});

export const inviteParamsSchema = z.object({ id: z.uuid() });

export const acceptInviteBodySchema = z.object({
  token: z.string().min(1).max(200),
  // Only for an invitee without an account: it is created with this password.
  password: passwordSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
export const acceptedInviteSchema = z.object({
  workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  role: roleSchema,
  user: z.object({ id: z.uuid(), email: z.string() }),
});
