import { type PrismaClient } from "@catsyphon/db";

export const DEFAULT_WORKSPACE_SLUG = "default";

/** The default workspace (the one CATSYPHON_ADMIN_TOKEN administers) exists after start; returns its id. */
export async function ensureDefaultWorkspace(prisma: PrismaClient): Promise<string> {
  const workspace = await prisma.workspace.upsert({
    where: { slug: DEFAULT_WORKSPACE_SLUG },
    create: { slug: DEFAULT_WORKSPACE_SLUG, name: "Default workspace" },
    update: {},
    select: { id: true },
  });
  return workspace.id;
}
