import { createCollectorWithKey } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { collectorRegistrationRequestSchema, type CollectorCredentials } from "@catsyphon/protocol";
import { Router } from "express";
import { authenticateAdmin } from "../auth/authenticate";
import { type AppContext } from "../context";
import { usingDatabase } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { parseBody } from "./parse-body";

const BUILTIN_COLLECTOR_TYPE = "watcher";
/** A built-in key nobody has used for this long is revoked at the next fetch. */
export const BUILTIN_KEY_IDLE_DAYS = 30;
/** At most this many built-in keys of a workspace are live; beyond it the least recently used is revoked. */
export const MAX_LIVE_BUILTIN_KEYS = 50;

type CollectorWriter = Pick<PrismaClient, "collectorConfig">;

/** Creates a collector with a freshly issued key; the plaintext key exists only in the returned credentials. */
async function createCollector(
  db: CollectorWriter,
  context: AppContext,
  workspaceId: string,
  data: {
    collectorType: string;
    collectorVersion: string;
    hostname: string;
    metadata?: object;
    isBuiltin?: boolean;
  },
): Promise<CollectorCredentials> {
  const collector = await createCollectorWithKey(db, {
    workspaceId,
    keyEnvironment: context.env.CATSYPHON_KEY_ENV,
    ...data,
  });
  return {
    collector_id: collector.id,
    api_key: collector.apiKey,
    api_key_prefix: collector.apiKeyPrefix,
    workspace_id: workspaceId,
    created_at: collector.createdAt.toISOString(),
  };
}

export function collectorRoutes(context: AppContext): Router {
  const router = Router();

  // Register a collector: needs an admin credential of the workspace; the key is shown in this response only.
  router.post("/collectors", async (req, res) => {
    const admin = await authenticateAdmin(req, context.auth);
    const body = parseBody(collectorRegistrationRequestSchema, req.body);
    // The original's clients name the workspace in the body; the credential decides it, and they must agree.
    if (body.workspace_id !== undefined && body.workspace_id !== admin.workspaceId) {
      throw new ApiError(
        "forbidden",
        "workspace_id is not the workspace of this credential; omit it or use a credential of that workspace",
      );
    }
    const credentials = await usingDatabase(() =>
      createCollector(context.prisma, context, admin.workspaceId, {
        collectorType: body.collector_type,
        collectorVersion: body.collector_version,
        hostname: body.hostname,
        metadata: body.metadata,
      }),
    );
    context.logger.info(
      { collectorId: credentials.collector_id, workspaceId: admin.workspaceId },
      "collector registered",
    );
    res.status(201).json(credentials);
  });

  // Credentials for the bundled watcher (`pnpm start`'s watcher, `catsyphon ingest` with only the admin token).
  // A plaintext key is never kept, so each call creates a built-in collector of its own with a fresh key; keys
  // fetched earlier stay valid (another process may be using one). What piles up is bounded here: built-in keys
  // unused for BUILTIN_KEY_IDLE_DAYS are revoked, and so are the least recently used beyond MAX_LIVE_BUILTIN_KEYS.
  router.get("/collectors/builtin/credentials", async (req, res) => {
    const admin = await authenticateAdmin(req, context.auth);
    const { credentials, revoked } = await usingDatabase(() =>
      context.prisma.$transaction(async (tx) => {
        const now = new Date();
        const live = await tx.collectorConfig.findMany({
          where: { workspaceId: admin.workspaceId, isBuiltin: true, revokedAt: null },
          select: { id: true, lastSeenAt: true, createdAt: true },
        });
        const lastUse = (c: (typeof live)[number]) => (c.lastSeenAt ?? c.createdAt).getTime();
        const idleSince = now.getTime() - BUILTIN_KEY_IDLE_DAYS * 24 * 60 * 60 * 1000;
        const kept = live.filter((c) => lastUse(c) >= idleSince).sort((a, b) => lastUse(b) - lastUse(a));
        const keptIds = new Set(kept.slice(0, MAX_LIVE_BUILTIN_KEYS - 1).map((c) => c.id));
        const revokedIds = live.filter((c) => !keptIds.has(c.id)).map((c) => c.id);
        if (revokedIds.length > 0) {
          await tx.collectorConfig.updateMany({
            where: { id: { in: revokedIds }, revokedAt: null },
            data: { revokedAt: now },
          });
        }
        const issued = await createCollector(tx, context, admin.workspaceId, {
          collectorType: BUILTIN_COLLECTOR_TYPE,
          collectorVersion: "builtin",
          hostname: "builtin",
          isBuiltin: true,
        });
        return { credentials: issued, revoked: revokedIds.length };
      }),
    );
    // This process's cache must not keep accepting a key just revoked (other replicas: within its TTL).
    if (revoked > 0) context.auth.collectors.clear();
    context.logger.info(
      { collectorId: credentials.collector_id, workspaceId: admin.workspaceId, revokedIdleKeys: revoked },
      "built-in credentials issued",
    );
    res.setHeader("Cache-Control", "no-store").status(200).json(credentials);
  });

  return router;
}
