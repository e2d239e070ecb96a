import "server-only";
// The workspace switcher: a user picks the current workspace among their memberships; the choice is a cookie the
// route wrapper checks against the memberships on every request (a stale or forged one falls back to the oldest).
import { type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { readCookie, WORKSPACE_COOKIE } from "../../server/cookies";
import { type myWorkspaceSchema } from "./schemas";

export function myWorkspaces(
  prisma: PrismaClient,
  request: Request,
  userId: string,
): Promise<z.output<typeof myWorkspaceSchema>[]> {
  return myWorkspacesFromCookie(prisma, readCookie(request, WORKSPACE_COOKIE), userId);
}

export async function myWorkspacesFromCookie(
  prisma: PrismaClient,
  chosen: string | undefined,
  userId: string,
): Promise<z.output<typeof myWorkspaceSchema>[]> {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  const currentId =
    memberships.find((m) => m.workspace.id === chosen)?.workspace.id ?? memberships[0]?.workspace.id;
  return memberships.map((m) => ({ ...m.workspace, role: m.role, current: m.workspace.id === currentId }));
}
