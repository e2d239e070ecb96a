// The accounts values a browser bundle may need (roles, scopes, the email and password rules): zod and constants
// only, so the dashboard's client components can import the web app's schemas without Node's crypto or Prisma.
import type { MembershipRole } from "@catsyphon/db";
import { z } from "zod";

export const MEMBERSHIP_ROLES = [
  "owner",
  "admin",
  "member",
  "viewer",
] as const satisfies readonly MembershipRole[];

export const API_TOKEN_SCOPES = ["admin", "read"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const emailSchema = z
  .email({ error: "must be an email address" })
  .max(320)
  .transform((email) => email.toLowerCase());

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
