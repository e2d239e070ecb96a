import "server-only";
// Collectors of the wrapper's workspace: listed, and revoked (registration, which issues keys, stays the ingest
// API's). The ingest API keeps collector rows in a short-lived cache, so a revocation takes effect within its TTL.
import { type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { notFound } from "../../server/http";
import { iso, isoOrNull } from "../shared-schemas";
import { type collectorSchema } from "./schemas";

type Collector = z.output<typeof collectorSchema>;

const collectorSelect = {
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

type Row = {
  id: string;
  collectorType: string;
  collectorVersion: string;
  hostname: string | null;
  apiKeyPrefix: string;
  isBuiltin: boolean;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

const toCollector = (row: Row): Collector => ({
  id: row.id,
  collector_type: row.collectorType,
  collector_version: row.collectorVersion,
  hostname: row.hostname,
  api_key_prefix: row.apiKeyPrefix,
  is_builtin: row.isBuiltin,
  state: row.revokedAt ? "revoked" : "active",
  last_seen_at: isoOrNull(row.lastSeenAt),
  revoked_at: isoOrNull(row.revokedAt),
  created_at: iso(row.createdAt),
});

export async function listWorkspaceCollectors(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<Collector[]> {
  const rows = await prisma.collectorConfig.findMany({
    where: { workspaceId },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "asc" }],
    select: collectorSelect,
  });
  return rows.map(toCollector);
}

export async function revokeWorkspaceCollector(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
): Promise<Collector> {
  await prisma.collectorConfig.updateMany({
    where: { id, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const row = await prisma.collectorConfig.findFirst({ where: { id, workspaceId }, select: collectorSelect });
  if (!row) throw notFound("No such collector in this workspace");
  return toCollector(row);
}
