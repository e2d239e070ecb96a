// Collector rows as the admin CLI lists and revokes them (keys are issued in collector-keys.ts).
import { type PrismaClient } from "@catsyphon/db";
import { z } from "zod";
import { AccountsError } from "./workspaces";

const summaryFields = {
  id: true,
  collectorType: true,
  collectorVersion: true,
  hostname: true,
  apiKeyPrefix: true,
  isBuiltin: true,
  lastSeenAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export function listCollectors(prisma: PrismaClient, workspaceId: string) {
  return prisma.collectorConfig.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: summaryFields,
  });
}

/** Revokes the workspace's collector named by its id or its key prefix; its key stops working at once. */
export async function revokeCollector(
  prisma: PrismaClient,
  input: { workspaceId: string; idOrPrefix: string },
) {
  const byId = z.uuid().safeParse(input.idOrPrefix).success;
  const matches = await prisma.collectorConfig.findMany({
    where: {
      workspaceId: input.workspaceId,
      ...(byId ? { id: input.idOrPrefix } : { apiKeyPrefix: input.idOrPrefix }),
    },
    select: { id: true },
  });
  const [match] = matches;
  if (!match) throw new AccountsError(`No collector "${input.idOrPrefix}" in this workspace`);
  if (matches.length > 1)
    throw new AccountsError(`${matches.length} collectors match "${input.idOrPrefix}": use the id`);
  await prisma.collectorConfig.updateMany({
    where: { id: match.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return prisma.collectorConfig.findUniqueOrThrow({ where: { id: match.id }, select: summaryFields });
}
