// Workspace API tokens (`csa_<40 random>`): what an admin hands to a person or a CI job instead of the shared
// CATSYPHON_ADMIN_TOKEN. Shown once at creation, stored as SHA-256 with a short displayable prefix, scoped to one
// workspace, revocable, optionally expiring. authenticate.ts is where they are checked.
import { type Prisma, type PrismaClient } from "@catsyphon/db";
import { z } from "zod";
import { randomAlphanumeric, sha256Hex } from "./secrets";

export const API_TOKEN_SCOPES = ["admin", "read"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

const TOKEN_PREFIX = "csa_";
const TOKEN_RANDOM_LENGTH = 40;
/** `csa_` and 8 random characters: enough to tell tokens apart in a list, far too little to guess the rest. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export class ApiTokenError extends Error {}

export interface CreatedApiToken {
  id: string;
  /** The token itself: shown once, never stored. */
  token: string;
  tokenPrefix: string;
  workspaceSlug: string;
  scopes: string[];
  expiresAt: Date | null;
}

async function workspaceIdOf(prisma: PrismaClient, slug: string): Promise<string> {
  const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true } });
  if (!workspace) {
    throw new ApiTokenError(
      `No workspace "${slug}". The ingest API creates "default" on its first start; name an existing one with --workspace.`,
    );
  }
  return workspace.id;
}

export async function createApiToken(
  prisma: PrismaClient,
  input: { workspaceSlug: string; name: string; scopes: ApiTokenScope[]; expiresAt: Date | null },
): Promise<CreatedApiToken> {
  const workspaceId = await workspaceIdOf(prisma, input.workspaceSlug);
  const token = TOKEN_PREFIX + randomAlphanumeric(TOKEN_RANDOM_LENGTH);
  const tokenPrefix = token.slice(0, DISPLAY_PREFIX_LENGTH);
  const row = await prisma.apiToken.create({
    data: {
      workspaceId,
      name: input.name,
      tokenHash: sha256Hex(token),
      tokenPrefix,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt,
    },
    select: { id: true, scopes: true, expiresAt: true },
  });
  return { ...row, token, tokenPrefix, workspaceSlug: input.workspaceSlug };
}

const summaryFields = {
  id: true,
  name: true,
  tokenPrefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiTokenSelect;

/** What `list` shows of a token (never its hash). */
export type ApiTokenSummary = Prisma.ApiTokenGetPayload<{ select: typeof summaryFields }>;

export async function listApiTokens(prisma: PrismaClient, workspaceSlug: string): Promise<ApiTokenSummary[]> {
  const workspaceId = await workspaceIdOf(prisma, workspaceSlug);
  return prisma.apiToken.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: summaryFields,
  });
}

/**
 * Revokes the workspace's token named by its id or its displayed prefix (a prefix must name exactly one token).
 * Revoking a revoked token keeps its first revocation time.
 */
export async function revokeApiToken(
  prisma: PrismaClient,
  input: { workspaceSlug: string; idOrPrefix: string },
): Promise<ApiTokenSummary> {
  const workspaceId = await workspaceIdOf(prisma, input.workspaceSlug);
  const byId = z.uuid().safeParse(input.idOrPrefix).success;
  const matches = await prisma.apiToken.findMany({
    where: { workspaceId, ...(byId ? { id: input.idOrPrefix } : { tokenPrefix: input.idOrPrefix }) },
    select: { id: true },
  });
  const [match] = matches;
  if (!match)
    throw new ApiTokenError(`No API token "${input.idOrPrefix}" in workspace "${input.workspaceSlug}"`);
  if (matches.length > 1) {
    throw new ApiTokenError(
      `${matches.length} tokens start with "${input.idOrPrefix}": revoke one by its id`,
    );
  }
  await prisma.apiToken.updateMany({
    where: { id: match.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return prisma.apiToken.findUniqueOrThrow({ where: { id: match.id }, select: summaryFields });
}
