import "server-only";
// Share links: created by members and up, listed and revoked on the conversation's page; opened by token. Only
// the token's SHA-256 is stored. Opening checks expiry and revocation, then the workspace's choice: without the
// owner's `public_share_links`, only a signed-in member of the workspace may open it.
import { createHash, randomBytes } from "node:crypto";
import { type PrismaClient } from "@catsyphon/db";
import { type ShareLink } from "./schemas";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

interface LinkRow {
  id: string;
  conversationId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  _count: { views: number };
  views: { viewedAt: Date }[];
}

const linkSelect = {
  id: true,
  conversationId: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  _count: { select: { views: true } },
  views: { select: { viewedAt: true }, orderBy: { viewedAt: "desc" as const }, take: 1 },
};

function toLink(row: LinkRow, now = new Date()): ShareLink {
  return {
    id: row.id,
    conversation_id: row.conversationId,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    revoked_at: row.revokedAt?.toISOString() ?? null,
    status: row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "active",
    views: row._count.views,
    last_viewed_at: row.views[0]?.viewedAt.toISOString() ?? null,
  };
}

/** A new link, or undefined when the conversation is not in this workspace. */
export async function createShareLink(
  prisma: PrismaClient,
  workspaceId: string,
  conversationId: string,
  input: { expiresInDays: number; createdByUserId: string | null },
) {
  const conversation = await prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { id: true },
  });
  if (!conversation) return undefined;
  const token = `css_${randomBytes(32).toString("base64url")}`;
  const row = await prisma.shareLink.create({
    data: {
      workspaceId,
      conversationId,
      tokenHash: hashOf(token),
      createdByUserId: input.createdByUserId,
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
    },
    select: linkSelect,
  });
  return { ...toLink(row), token, path: `/share/${token}` };
}

export async function listShareLinks(prisma: PrismaClient, workspaceId: string, conversationId: string) {
  const conversation = await prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { id: true },
  });
  if (!conversation) return undefined;
  const rows = await prisma.shareLink.findMany({
    where: { workspaceId, conversationId },
    orderBy: { createdAt: "desc" },
    select: linkSelect,
  });
  return { items: rows.map((row) => toLink(row)) };
}

/** True when the link was this workspace's (revoking twice is fine). */
export async function revokeShareLink(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const link = await prisma.shareLink.findFirst({ where: { id, workspaceId }, select: { revokedAt: true } });
  if (!link) return false;
  if (!link.revokedAt) await prisma.shareLink.update({ where: { id }, data: { revokedAt: new Date() } });
  return true;
}

export type ShareAccess =
  | { ok: true; linkId: string; workspaceId: string; conversationId: string }
  | { ok: false; reason: "not_found" | "gone" | "sign_in_required" };

/** What opening `token` allows; `userId` is the signed-in viewer, if any. */
export async function shareAccess(
  prisma: PrismaClient,
  token: string,
  userId: string | undefined,
): Promise<ShareAccess> {
  const link = await prisma.shareLink.findUnique({
    where: { tokenHash: hashOf(token) },
    select: {
      id: true,
      workspaceId: true,
      conversationId: true,
      expiresAt: true,
      revokedAt: true,
      workspace: { select: { publicShareLinks: true } },
    },
  });
  if (!link) return { ok: false, reason: "not_found" };
  if (link.revokedAt || link.expiresAt <= new Date()) return { ok: false, reason: "gone" };
  if (!link.workspace.publicShareLinks) {
    const member =
      userId &&
      (await prisma.membership.findUnique({
        where: { workspaceId_userId: { workspaceId: link.workspaceId, userId } },
        select: { role: true },
      }));
    if (!member) return { ok: false, reason: "sign_in_required" };
  }
  return { ok: true, linkId: link.id, workspaceId: link.workspaceId, conversationId: link.conversationId };
}

export async function logShareView(
  prisma: PrismaClient,
  linkId: string,
  viewer: { userId: string | undefined; clientAddress: string | undefined },
): Promise<void> {
  await prisma.shareLinkView.create({
    data: {
      shareLinkId: linkId,
      viewerUserId: viewer.userId ?? null,
      clientAddress: viewer.clientAddress ?? null,
    },
  });
}

export async function shareSettings(prisma: PrismaClient, workspaceId: string) {
  const workspace = await prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { publicShareLinks: true },
  });
  return { public_share_links: workspace.publicShareLinks };
}

export async function setShareSettings(prisma: PrismaClient, workspaceId: string, publicShareLinks: boolean) {
  await prisma.workspace.update({ where: { id: workspaceId }, data: { publicShareLinks } });
  return { public_share_links: publicShareLinks };
}
