import "server-only";
// Invitations: an admin names an email and a role and gets a one-time link (no mail server needed), valid 7 days.
// Only the token's SHA-256 is stored. Accepting marks the invitation used in the same transaction that creates the
// membership (and the user, for an email without an account), so a link works once even when opened twice at once.
import { randomBytes } from "node:crypto";
import { hashPassword, sha256Hex } from "@catsyphon/accounts";
import { type MembershipRole, type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { HttpError, notFound } from "../../server/http";
import { manageableRoles, type Permission } from "../../server/roles";
import { type SessionUser } from "../../server/session";
import { iso, isoOrNull } from "../shared-schemas";
import {
  type acceptedInviteSchema,
  type createdInviteSchema,
  INVITE_VALID_DAYS,
  type inviteSchema,
} from "./schemas";

type Invite = z.output<typeof inviteSchema>;

const inviteSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { email: true } },
} as const;

type InviteRow = {
  id: string;
  email: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  invitedBy: { email: string } | null;
};

function toInvite(row: InviteRow, now = Date.now()): Invite {
  const state = row.acceptedAt
    ? "accepted"
    : row.revokedAt
      ? "revoked"
      : row.expiresAt.getTime() <= now
        ? "expired"
        : "pending";
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    state,
    invited_by: row.invitedBy?.email ?? null,
    created_at: iso(row.createdAt),
    expires_at: iso(row.expiresAt),
    accepted_at: isoOrNull(row.acceptedAt),
  };
}

export async function listInvites(prisma: PrismaClient, workspaceId: string): Promise<Invite[]> {
  const rows = await prisma.invitation.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: inviteSelect,
  });
  return rows.map((row) => toInvite(row));
}

export async function createInvite(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    permissions: ReadonlySet<Permission>;
    invitedByUserId: string | null;
    email: string;
    role: MembershipRole;
    origin: string;
  },
): Promise<z.output<typeof createdInviteSchema>> {
  if (!manageableRoles(input.permissions).includes(input.role)) {
    throw new HttpError("forbidden", `Only an owner may invite someone as ${input.role}`);
  }
  const member = await prisma.membership.findFirst({
    where: { workspaceId: input.workspaceId, user: { email: input.email } },
    select: { id: true },
  });
  if (member) throw new HttpError("conflict", `${input.email} is a member of this workspace already`);
  const token = randomBytes(32).toString("base64url");
  const row = await prisma.invitation.create({
    data: {
      workspaceId: input.workspaceId,
      email: input.email,
      role: input.role,
      tokenHash: sha256Hex(token),
      invitedByUserId: input.invitedByUserId,
      expiresAt: new Date(Date.now() + INVITE_VALID_DAYS * 86_400_000),
    },
    select: inviteSelect,
  });
  return { ...toInvite(row), token, url: `${input.origin}/invite/${token}` };
}

/** Revokes a pending invitation of this workspace; 404 for another workspace's id. */
export async function revokeInvite(prisma: PrismaClient, workspaceId: string, id: string): Promise<Invite> {
  const found = await prisma.invitation.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!found) throw notFound("No such invitation in this workspace");
  await prisma.invitation.updateMany({
    where: { id, workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return toInvite(await prisma.invitation.findUniqueOrThrow({ where: { id }, select: inviteSelect }));
}

const INVALID_LINK = "This invitation link is invalid, used, revoked or expired";

export async function acceptInvite(
  prisma: PrismaClient,
  input: { token: string; password?: string; name?: string; session: SessionUser | undefined },
): Promise<z.output<typeof acceptedInviteSchema> & { createdUser: boolean }> {
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: {
      id: true,
      email: true,
      role: true,
      workspaceId: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
    },
  });
  const now = new Date();
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
    throw notFound(INVALID_LINK);
  }
  const existing = await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  if (existing && input.session?.userId !== existing.id) {
    throw new HttpError("unauthorized", `Sign in as ${invitation.email} first, then open the link again`);
  }
  if (!existing && input.password === undefined) {
    throw new HttpError("invalid_body", "Choose a password for your new account", {
      details: [{ path: "password", message: "is required for an email without an account" }],
    });
  }
  const passwordHash =
    existing || input.password === undefined ? undefined : await hashPassword(input.password);

  return prisma.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw notFound(INVALID_LINK);
    const user =
      existing ??
      (await tx.user.create({
        data: { email: invitation.email, name: input.name ?? null, passwordHash: passwordHash ?? "" },
        select: { id: true },
      }));
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedByUserId: user.id } });
    const membership = await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } },
      create: { workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role },
      // Someone who joined meanwhile keeps the role they have.
      update: {},
      select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
    });
    return {
      workspace: membership.workspace,
      role: membership.role,
      user: { id: user.id, email: invitation.email },
      createdUser: !existing,
    };
  });
}
