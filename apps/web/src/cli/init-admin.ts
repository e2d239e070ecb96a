// At every start: the default workspace exists, and when CATSYPHON_INIT_ADMIN_EMAIL / _PASSWORD are set, that user
// exists and owns it. Idempotent: an existing user keeps their password (changing the variable later does not reset
// it) and an existing membership keeps its role.
import { ensureDefaultWorkspace, hashPassword, normalizeEmail } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";

export async function bootstrapAccounts(
  prisma: PrismaClient,
  initAdmin: { email: string; password: string } | undefined,
): Promise<{ defaultWorkspaceId: string; initAdmin?: { userId: string; created: boolean } }> {
  const defaultWorkspaceId = await ensureDefaultWorkspace(prisma);
  if (!initAdmin) return { defaultWorkspaceId };
  const email = normalizeEmail(initAdmin.email);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  const userId =
    existing?.id ??
    (
      await prisma.user.upsert({
        where: { email },
        create: { email, passwordHash: await hashPassword(initAdmin.password) },
        update: {},
        select: { id: true },
      })
    ).id;
  await prisma.membership.upsert({
    where: { workspaceId_userId: { workspaceId: defaultWorkspaceId, userId } },
    create: { workspaceId: defaultWorkspaceId, userId, role: "owner" },
    update: {},
  });
  return { defaultWorkspaceId, initAdmin: { userId, created: !existing } };
}
