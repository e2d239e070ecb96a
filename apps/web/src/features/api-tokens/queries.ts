import "server-only";
import {
  type ApiTokenScope,
  type ApiTokenSummary,
  createWorkspaceApiToken,
  listWorkspaceApiTokens,
  revokeWorkspaceApiToken,
} from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { notFound } from "../../server/http";
import { isoOrNull, iso } from "../shared-schemas";
import { type apiTokenSchema, type createdApiTokenSchema } from "./schemas";

type ApiToken = z.output<typeof apiTokenSchema>;

function toApiToken(row: ApiTokenSummary, now = Date.now()): ApiToken {
  return {
    id: row.id,
    name: row.name,
    token_prefix: row.tokenPrefix,
    scopes: row.scopes,
    state: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt.getTime() <= now ? "expired" : "active",
    created_at: iso(row.createdAt),
    last_used_at: isoOrNull(row.lastUsedAt),
    expires_at: isoOrNull(row.expiresAt),
    revoked_at: isoOrNull(row.revokedAt),
  };
}

export async function listTokens(prisma: PrismaClient, workspaceId: string): Promise<ApiToken[]> {
  return (await listWorkspaceApiTokens(prisma, workspaceId)).map((row) => toApiToken(row));
}

export async function createToken(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    name: string;
    scopes: readonly ApiTokenScope[];
    expiresInDays: number | undefined;
    createdByUserId: string | null;
  },
): Promise<z.output<typeof createdApiTokenSchema>> {
  const created = await createWorkspaceApiToken(prisma, {
    workspaceId: input.workspaceId,
    name: input.name,
    scopes: input.scopes,
    expiresAt:
      input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000),
    createdByUserId: input.createdByUserId,
  });
  return {
    ...toApiToken({
      id: created.id,
      name: input.name,
      tokenPrefix: created.tokenPrefix,
      scopes: created.scopes,
      createdAt: created.createdAt,
      lastUsedAt: null,
      expiresAt: created.expiresAt,
      revokedAt: null,
    }),
    token: created.token,
  };
}

export async function revokeToken(prisma: PrismaClient, workspaceId: string, id: string): Promise<ApiToken> {
  const revoked = await revokeWorkspaceApiToken(prisma, { workspaceId, id });
  if (!revoked) throw notFound("No such API token in this workspace");
  return toApiToken(revoked);
}
