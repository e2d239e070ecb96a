import "server-only";
// Members of the wrapper's workspace. Admins manage members and viewers; owners also manage admins and owners; the
// last owner can neither leave nor be demoted (a workspace always has someone who can manage it).
import { type MembershipRole, type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { HttpError, notFound } from "../../server/http";
import { manageableRoles, type Permission } from "../../server/roles";
import { iso, isoOrNull } from "../shared-schemas";
import { type memberSchema } from "./schemas";

type Member = z.output<typeof memberSchema>;

const memberSelect = {
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true, lastLoginAt: true, disabledAt: true } },
} as const;

export async function listMembers(prisma: PrismaClient, workspaceId: string): Promise<Member[]> {
  const rows = await prisma.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: memberSelect,
  });
  return rows.map((row) => ({
    user_id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    joined_at: iso(row.createdAt),
    last_login_at: isoOrNull(row.user.lastLoginAt),
    disabled: row.user.disabledAt !== null,
  }));
}

async function targetMembership(prisma: PrismaClient, workspaceId: string, userId: string) {
  const membership = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { id: true, role: true },
  });
  if (!membership) throw notFound("No such member in this workspace");
  return membership;
}

function assertMayManage(permissions: ReadonlySet<Permission>, ...roles: MembershipRole[]): void {
  const allowed = manageableRoles(permissions);
  for (const role of roles) {
    if (!allowed.includes(role))
      throw new HttpError("forbidden", `Only an owner may manage the ${role} role`);
  }
}

async function assertNotLastOwner(
  prisma: PrismaClient,
  workspaceId: string,
  role: MembershipRole,
): Promise<void> {
  if (role !== "owner") return;
  const owners = await prisma.membership.count({ where: { workspaceId, role: "owner" } });
  if (owners <= 1) throw new HttpError("conflict", "The workspace's last owner cannot be removed or demoted");
}

export async function changeMemberRole(
  prisma: PrismaClient,
  input: { workspaceId: string; permissions: ReadonlySet<Permission>; userId: string; role: MembershipRole },
): Promise<Member> {
  const membership = await targetMembership(prisma, input.workspaceId, input.userId);
  assertMayManage(input.permissions, membership.role, input.role);
  if (input.role !== "owner") await assertNotLastOwner(prisma, input.workspaceId, membership.role);
  await prisma.membership.update({
    where: { id: membership.id },
    data: { role: input.role },
    select: { id: true },
  });
  const members = await listMembers(prisma, input.workspaceId);
  const member = members.find((m) => m.user_id === input.userId);
  if (!member) throw notFound("No such member in this workspace");
  return member;
}

export async function removeMember(
  prisma: PrismaClient,
  input: { workspaceId: string; permissions: ReadonlySet<Permission>; userId: string },
): Promise<void> {
  const membership = await targetMembership(prisma, input.workspaceId, input.userId);
  assertMayManage(input.permissions, membership.role);
  await assertNotLastOwner(prisma, input.workspaceId, membership.role);
  await prisma.membership.delete({ where: { id: membership.id } });
}
