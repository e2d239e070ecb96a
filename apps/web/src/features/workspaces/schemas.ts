import { z } from "zod";
import { roleSchema } from "../members/schemas";

export const workspaceSchema = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
export const myWorkspaceSchema = workspaceSchema.extend({ role: roleSchema, current: z.boolean() });
export const myWorkspacesSchema = z.object({ items: z.array(myWorkspaceSchema) });
export const switchWorkspaceBodySchema = z.object({ workspace_id: z.uuid() }).strict();

export const meSchema = z.object({
  principal: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("session"),
      user: z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }),
    }),
    z.object({ kind: z.literal("api_token"), token_id: z.uuid(), scopes: z.array(z.string()) }),
  ]),
  workspace: workspaceSchema,
  role: roleSchema.nullable(),
  permissions: z.array(z.string()),
});
