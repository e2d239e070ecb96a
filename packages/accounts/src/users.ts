// Dashboard users and their memberships, as the admin CLI and the web app change them. Disabling a user or
// changing their password deletes their sessions, so a stolen cookie stops working at once.
import { type MembershipRole, type PrismaClient } from "@catsyphon/db";
import { hashPassword } from "./passwords";
import { AccountsError, workspaceIdOf } from "./workspaces";

export { emailSchema, MEMBERSHIP_ROLES, passwordSchema } from "./shapes";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface CreatedUser {
  userId: string;
  email: string;
  workspaceId: string;
  role: MembershipRole;
  /** False when the user existed already and only the membership was added or changed. */
  created: boolean;
}

/**
 * Creates the user (or finds them by email) and gives them `role` in the workspace. An existing user's password
 * is left alone: use resetPassword for that.
 */
export async function createUser(
  prisma: PrismaClient,
  input: {
    email: string;
    password: string;
    workspaceSlug: string;
    role: MembershipRole;
    name?: string | null;
  },
): Promise<CreatedUser> {
  const email = normalizeEmail(input.email);
  const workspaceId = await workspaceIdOf(prisma, input.workspaceSlug);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  const userId =
    existing?.id ??
    (
      await prisma.user.create({
        data: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password) },
        select: { id: true },
      })
    ).id;
  await prisma.membership.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, role: input.role },
    update: { role: input.role },
  });
  return { userId, email, workspaceId, role: input.role, created: !existing };
}

async function userIdByEmail(prisma: PrismaClient, email: string): Promise<string> {
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true },
  });
  if (!user) throw new AccountsError(`No user with the email "${normalizeEmail(email)}"`);
  return user.id;
}

/** Disables (or enables again) a user; disabling deletes every session they hold. */
export async function setUserDisabled(
  prisma: PrismaClient,
  input: { email: string; disabled: boolean },
): Promise<{ userId: string; email: string; disabledAt: Date | null; sessionsRevoked: number }> {
  const userId = await userIdByEmail(prisma, input.email);
  const select = { id: true, email: true, disabledAt: true } as const;
  if (!input.disabled) {
    const user = await prisma.user.update({ where: { id: userId }, data: { disabledAt: null }, select });
    return { userId: user.id, email: user.email, disabledAt: user.disabledAt, sessionsRevoked: 0 };
  }
  const [user, sessions] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { disabledAt: new Date() }, select }),
    prisma.userSession.deleteMany({ where: { userId } }),
  ]);
  return { userId: user.id, email: user.email, disabledAt: user.disabledAt, sessionsRevoked: sessions.count };
}

/** Sets a new password and deletes every session of the user (they sign in again with the new one). */
export async function setPassword(
  prisma: PrismaClient,
  input: { userId: string; password: string },
): Promise<{ sessionsRevoked: number }> {
  const passwordHash = await hashPassword(input.password);
  const [, sessions] = await prisma.$transaction([
    prisma.user.update({ where: { id: input.userId }, data: { passwordHash }, select: { id: true } }),
    prisma.userSession.deleteMany({ where: { userId: input.userId } }),
  ]);
  return { sessionsRevoked: sessions.count };
}

export async function resetPassword(
  prisma: PrismaClient,
  input: { email: string; password: string },
): Promise<{ userId: string; email: string; sessionsRevoked: number }> {
  const userId = await userIdByEmail(prisma, input.email);
  const { sessionsRevoked } = await setPassword(prisma, { userId, password: input.password });
  return { userId, email: normalizeEmail(input.email), sessionsRevoked };
}

export function listUsers(prisma: PrismaClient) {
  return prisma.user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      disabledAt: true,
      lastLoginAt: true,
      createdAt: true,
      memberships: { select: { role: true, workspace: { select: { slug: true } } } },
    },
  });
}
