import { type PrismaClient } from "@catsyphon/db";
import { collectorRegistrationRequestSchema, type CollectorCredentials } from "@catsyphon/protocol";
import { Router } from "express";
import { authenticateAdmin } from "../auth/authenticate";
import { issueCollectorKey } from "../auth/collector-keys";
import { type AppContext } from "../context";
import { usingDatabase } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { parseBody } from "./parse-body";

const BUILTIN_COLLECTOR_TYPE = "watcher";

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
  const key = issueCollectorKey(context.env.CATSYPHON_KEY_ENV);
  const { metadata = {}, ...fields } = data;
  const collector = await db.collectorConfig.create({
    data: { workspaceId, ...fields, metadata, apiKeyHash: key.apiKeyHash, apiKeyPrefix: key.apiKeyPrefix },
    select: { id: true, createdAt: true },
  });
  return {
    collector_id: collector.id,
    api_key: key.apiKey,
    api_key_prefix: key.apiKeyPrefix,
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

  // Credentials for the bundled watcher. A plaintext key is never kept, so each call issues a fresh key and
  // revokes the previous one.
  router.get("/collectors/builtin/credentials", async (req, res) => {
    const admin = await authenticateAdmin(req, context.auth);
    const credentials = await usingDatabase(() =>
      context.prisma.$transaction(async (tx) => {
        await tx.collectorConfig.updateMany({
          where: { workspaceId: admin.workspaceId, isBuiltin: true, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        return createCollector(tx, context, admin.workspaceId, {
          collectorType: BUILTIN_COLLECTOR_TYPE,
          collectorVersion: "builtin",
          hostname: "builtin",
          isBuiltin: true,
        });
      }),
    );
    context.auth.collectors.clear();
    context.logger.info(
      { collectorId: credentials.collector_id, workspaceId: admin.workspaceId },
      "built-in credentials issued",
    );
    res.setHeader("Cache-Control", "no-store").status(200).json(credentials);
  });

  return router;
}
