// Share links (decision 0051): a read-only link to one conversation that expires, can be revoked and is logged.
import { z } from "zod";
import { nullableTimestamp, timestamp } from "../shared-schemas";

export const MAX_SHARE_DAYS = 90;

export const createShareLinkBodySchema = z
  .object({
    expires_in_days: z.int().min(1).max(MAX_SHARE_DAYS).default(7).describe(`1-${MAX_SHARE_DAYS} days`),
  })
  .strict();

export const shareLinkSchema = z.object({
  id: z.uuid(),
  conversation_id: z.uuid(),
  created_at: timestamp,
  expires_at: timestamp,
  revoked_at: nullableTimestamp,
  status: z.enum(["active", "expired", "revoked"]),
  views: z.int().describe("how many times the link was opened"),
  last_viewed_at: nullableTimestamp,
});
export type ShareLink = z.output<typeof shareLinkSchema>;

export const createdShareLinkSchema = shareLinkSchema.extend({
  token: z.string().describe("shown once; only its hash is stored"),
  path: z.string().describe("/share/<token>, to put after this server's address"),
});
export const shareLinkListSchema = z.object({ items: z.array(shareLinkSchema) });
export const shareLinkIdParamsSchema = z.object({ id: z.uuid() });
export const shareTokenParamsSchema = z.object({ token: z.string().regex(/^css_[A-Za-z0-9_-]{43}$/) });

export const shareSettingsSchema = z
  .object({
    public_share_links: z.boolean().describe("share links open without signing in (owner's choice)"),
  })
  .strict();
