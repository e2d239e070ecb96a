// Workspace API tokens (`csa_<40 random>`): what an admin hands to a person or a CI job instead of the shared
// CATSYPHON_ADMIN_TOKEN, and what scripts use against the web app's read API. Shown once at creation, stored as
// SHA-256 with a short displayable prefix, scoped to one workspace, revocable, optionally expiring. Shared by the
// ingest API (admin scope), the web app (read and admin scopes) and the admin CLI.
import { type Prisma, type PrismaClient } from "@catsyphon/db";
import { z } from "zod";
import { digestsEqual, randomAlphanumeric, sha256Hex } from "./secrets";
import { AccountsError, workspaceIdOf } from "./workspaces";

import { type ApiTokenScope } from "./shapes";
export { API_TOKEN_SCOPES, type ApiTokenScope } from "./shapes";

export const API_TOKEN_PREFIX = "csa_";
const TOKEN_RANDOM_LENGTH = 40;
/** `csa_` and 8 random characters: enough to tell tokens apart in a list, far too little to guess the rest. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;

/** Kept under its old name: the ingest API's CLI and tests catch it. */
export const ApiTokenError = AccountsError;

export interface CreatedApiToken {
  id: string;
  /** The token itself: shown once, never stored. */
  token: string;
  tokenPrefix: string;
  workspaceSlug: string;
  scopes: string[];
  expiresAt: Date | null;
}

export async function createWorkspaceApiToken(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    name: string;
    scopes: readonly ApiTokenScope[];
    expiresAt: Date | null;
    createdByUserId?: string | null;
  },
): Promise<Omit<CreatedApiToken, "workspaceSlug"> & { createdAt: Date }> {
  const token = API_TOKEN_PREFIX + randomAlphanumeric(TOKEN_RANDOM_LENGTH);
  const tokenPrefix = token.slice(0, DISPLAY_PREFIX_LENGTH);
  const row = await prisma.apiToken.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      tokenHash: sha256Hex(token),
      tokenPrefix,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt,
      createdByUserId: input.createdByUserId ?? null,
    },
    select: { id: true, scopes: true, expiresAt: true, createdAt: true },
  });
  return { ...row, token, tokenPrefix };
}

export async function createApiToken(
  prisma: PrismaClient,
  input: { workspaceSlug: string; name: string; scopes: ApiTokenScope[]; expiresAt: Date | null },
): Promise<CreatedApiToken> {
  const workspaceId = await workspaceIdOf(prisma, input.workspaceSlug);
  const { createdAt: _createdAt, ...created } = await createWorkspaceApiToken(prisma, {
    ...input,
    workspaceId,
  });
  return { ...created, workspaceSlug: input.workspaceSlug };
}

export const apiTokenSummaryFields = {
  id: true,
  name: true,
  tokenPrefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiTokenSelect;

/** What a list shows of a token (never its hash). */
export type ApiTokenSummary = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenSummaryFields }>;

export function listWorkspaceApiTokens(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<ApiTokenSummary[]> {
  return prisma.apiToken.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: apiTokenSummaryFields,
  });
}

export async function listApiTokens(prisma: PrismaClient, workspaceSlug: string): Promise<ApiTokenSummary[]> {
  return listWorkspaceApiTokens(prisma, await workspaceIdOf(prisma, workspaceSlug));
}

/**
 * Revokes the workspace's token with this id; undefined when the workspace has no such token (another workspace's
 * token is not found either). Revoking a revoked token keeps its first revocation time.
 */
export async function revokeWorkspaceApiToken(
  prisma: PrismaClient,
  input: { workspaceId: string; id: string },
): Promise<ApiTokenSummary | undefined> {
  await prisma.apiToken.updateMany({
    where: { id: input.id, workspaceId: input.workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return (
    (await prisma.apiToken.findFirst({
      where: { id: input.id, workspaceId: input.workspaceId },
      select: apiTokenSummaryFields,
    })) ?? undefined
  );
}

/**
 * Revokes the workspace's token named by its id or its displayed prefix (a prefix must name exactly one token).
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
    throw new AccountsError(`No API token "${input.idOrPrefix}" in workspace "${input.workspaceSlug}"`);
  if (matches.length > 1) {
    throw new AccountsError(
      `${matches.length} tokens start with "${input.idOrPrefix}": revoke one by its id`,
    );
  }
  const revoked = await revokeWorkspaceApiToken(prisma, { workspaceId, id: match.id });
  if (!revoked) throw new AccountsError(`No API token "${input.idOrPrefix}"`);
  return revoked;
}

export type ApiTokenCheck =
  | { ok: true; id: string; workspaceId: string; scopes: string[] }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

/**
 * Looks a presented token up by its SHA-256 (compared again in constant time) and tells whether it may be used.
 * The caller decides which scope it needs.
 */
export async function checkApiToken(
  prisma: PrismaClient,
  token: string,
  now = new Date(),
): Promise<ApiTokenCheck> {
  const tokenHash = sha256Hex(token);
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, workspaceId: true, tokenHash: true, scopes: true, revokedAt: true, expiresAt: true },
  });
  if (!row || !digestsEqual(row.tokenHash, tokenHash)) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, id: row.id, workspaceId: row.workspaceId, scopes: row.scopes };
}
