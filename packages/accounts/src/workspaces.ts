import { type PrismaClient } from "@catsyphon/db";

/** A mistake an operator can fix (unknown workspace, ambiguous prefix, ...): CLIs print it and exit 1. */
export class AccountsError extends Error {}

export const DEFAULT_WORKSPACE_SLUG = "default";

/** The default workspace (the one CATSYPHON_ADMIN_TOKEN administers) exists after start; returns its id. */
export async function ensureDefaultWorkspace(prisma: PrismaClient): Promise<string> {
  // INSERT .. ON CONFLICT DO NOTHING, then read: services starting together on a fresh database (the ingest API and
  // the web app under compose) all get the one row. An upsert reads then inserts, and the loser of that race failed.
  await prisma.workspace.createMany({
    data: [{ slug: DEFAULT_WORKSPACE_SLUG, name: "Default workspace" }],
    skipDuplicates: true,
  });
  const workspace = await prisma.workspace.findUniqueOrThrow({
    where: { slug: DEFAULT_WORKSPACE_SLUG },
    select: { id: true },
  });
  return workspace.id;
}

export async function workspaceIdOf(prisma: PrismaClient, slug: string): Promise<string> {
  const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true } });
  if (!workspace) {
    throw new AccountsError(
      `No workspace "${slug}". "default" is created when a service first starts; name an existing one with --workspace.`,
    );
  }
  return workspace.id;
}

/** A slug from a display name: lower-case letters, digits and dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug === "" ? "workspace" : slug;
}

export async function createWorkspace(
  prisma: PrismaClient,
  input: { name: string; slug?: string },
): Promise<{ id: string; slug: string; name: string; createdAt: Date }> {
  const slug = input.slug ?? slugify(input.name);
  const existing = await prisma.workspace.findUnique({ where: { slug }, select: { id: true } });
  if (existing) throw new AccountsError(`A workspace with the slug "${slug}" exists already`);
  return prisma.workspace.create({
    data: { slug, name: input.name },
    select: { id: true, slug: true, name: true, createdAt: true },
  });
}

export function listWorkspaces(prisma: PrismaClient) {
  return prisma.workspace.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      createdAt: true,
      _count: { select: { memberships: true, conversations: true } },
    },
  });
}
