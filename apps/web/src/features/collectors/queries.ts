import "server-only";
// Collectors of the wrapper's workspace: listed, created (the key issued by packages/accounts, as the ingest API
// issues it, so the ingest API accepts it) and revoked. The ingest API keeps collector rows in a cache for 5 s, so
// a revocation takes effect within that time.
import { createCollectorWithKey } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { type ApiKeyEnvironment } from "@catsyphon/protocol";
import { type z } from "zod";
import { notFound } from "../../server/http";
import { iso, isoOrNull } from "../shared-schemas";
import { type CreateCollectorBody, type collectorSchema, type createdCollectorSchema } from "./schemas";

type Collector = z.output<typeof collectorSchema>;

// What a collector made from the dashboard reports as until its client says more (DESIGN §2's generic kind).
const DASHBOARD_COLLECTOR_TYPE = "sdk";
const DASHBOARD_COLLECTOR_VERSION = "unknown";

const collectorSelect = {
  id: true,
  name: true,
  description: true,
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
  name: string | null;
  description: string | null;
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
  name: row.name,
  description: row.description,
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

export async function createWorkspaceCollector(
  prisma: PrismaClient,
  workspaceId: string,
  keyEnvironment: ApiKeyEnvironment,
  body: CreateCollectorBody,
): Promise<z.output<typeof createdCollectorSchema>> {
  const created = await createCollectorWithKey(prisma, {
    workspaceId,
    keyEnvironment,
    collectorType: DASHBOARD_COLLECTOR_TYPE,
    collectorVersion: DASHBOARD_COLLECTOR_VERSION,
    hostname: null,
    name: body.name,
    description: body.description ?? null,
  });
  const row = await prisma.collectorConfig.findUniqueOrThrow({
    where: { id: created.id },
    select: collectorSelect,
  });
  return { ...toCollector(row), api_key: created.apiKey, workspace_id: workspaceId };
}
