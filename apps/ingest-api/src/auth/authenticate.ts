// Who is calling. Admin credentials (CATSYPHON_ADMIN_TOKEN or a workspace API token with the admin scope) may
// register collectors; collector keys may submit events for their own collector. Every failure is a 401/403 in the
// one error shape; secrets are only ever compared as hashes, in constant time.
import { type PrismaClient } from "@catsyphon/db";
import { bearerToken, API_KEY_PATTERN, collectorIdSchema } from "@catsyphon/protocol";
import { type Request } from "express";
import { usingDatabase } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { type CollectorCache } from "./collector-cache";
import { digestsEqual, secretsEqual, sha256Hex } from "@catsyphon/accounts";

export interface AdminPrincipal {
  kind: "bootstrap_admin" | "api_token";
  workspaceId: string;
}

export interface CollectorPrincipal {
  collectorId: string;
  workspaceId: string;
  /** How its batches are labelled in ingestion_jobs: the bundled watcher, or any other collector. */
  source: "watcher" | "collector";
}

const unauthorized = (message: string) =>
  new ApiError("unauthorized", message, { headers: { "WWW-Authenticate": "Bearer" } });

export interface AuthContext {
  prisma: PrismaClient;
  adminToken: string | undefined;
  defaultWorkspaceId: string;
  /** Recently read collector rows (a revocation takes effect within its TTL). */
  collectors: CollectorCache;
  /** Called after a collector authenticated; used to keep last_seen_at fresh without a write per request. */
  onCollectorSeen?: (collectorId: string) => void;
}

export async function authenticateAdmin(req: Request, context: AuthContext): Promise<AdminPrincipal> {
  const token = bearerToken(req.get("authorization"));
  if (!token) throw unauthorized("Missing admin credential: send Authorization: Bearer <admin token>");
  if (context.adminToken && secretsEqual(token, context.adminToken)) {
    return { kind: "bootstrap_admin", workspaceId: context.defaultWorkspaceId };
  }
  const tokenHash = sha256Hex(token);
  const row = await usingDatabase(() =>
    context.prisma.apiToken.findUnique({
      where: { tokenHash },
      select: { workspaceId: true, tokenHash: true, scopes: true, revokedAt: true, expiresAt: true },
    }),
  );
  if (!row || !digestsEqual(row.tokenHash, tokenHash)) throw unauthorized("Invalid admin credential");
  if (row.revokedAt) throw unauthorized("This API token has been revoked");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
    throw unauthorized("This API token has expired");
  if (!row.scopes.includes("admin")) {
    throw new ApiError("forbidden", "This API token lacks the admin scope needed to manage collectors");
  }
  // Admin calls are rare (registrations, credentials): one write each keeps `api-tokens list` telling the truth.
  await usingDatabase(() =>
    context.prisma.apiToken.update({
      where: { tokenHash },
      data: { lastUsedAt: new Date() },
      select: { id: true },
    }),
  );
  return { kind: "api_token", workspaceId: row.workspaceId };
}

export async function authenticateCollector(req: Request, context: AuthContext): Promise<CollectorPrincipal> {
  const apiKey = bearerToken(req.get("authorization"));
  if (!apiKey) throw unauthorized("Missing collector key: send Authorization: Bearer cs_<env>_<key>");
  if (!API_KEY_PATTERN.test(apiKey))
    throw unauthorized("Malformed collector key (expected cs_<env>_<32 characters>)");
  const idHeader = req.get("x-collector-id");
  const collectorId = collectorIdSchema.safeParse(idHeader);
  if (!collectorId.success)
    throw unauthorized("Missing or malformed X-Collector-ID header (expected a UUID)");

  const keyHash = sha256Hex(apiKey);
  let collector = context.collectors.get(collectorId.data);
  if (!collector) {
    const row = await usingDatabase(() =>
      context.prisma.collectorConfig.findUnique({
        where: { id: collectorId.data },
        select: { id: true, workspaceId: true, apiKeyHash: true, revokedAt: true, collectorType: true },
      }),
    );
    if (row) context.collectors.set(row);
    collector = row ?? undefined;
  }
  if (!collector || !digestsEqual(collector.apiKeyHash, keyHash)) {
    // The key and the id authenticate as a pair: one collector's key with another's id is no credential at
    // all (401, as the original CatSyphon answers), whoever the key belongs to.
    throw unauthorized("Invalid collector key for this X-Collector-ID");
  }
  if (collector.revokedAt) throw unauthorized("This collector key has been revoked");
  context.onCollectorSeen?.(collector.id);
  return {
    collectorId: collector.id,
    workspaceId: collector.workspaceId,
    source: collector.collectorType === "watcher" ? "watcher" : "collector",
  };
}
