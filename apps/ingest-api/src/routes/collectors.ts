import { collectorRegistrationRequestSchema, type CollectorCredentials } from "@catsyphon/protocol";
import { Router } from "express";
import { authenticateAdmin } from "../auth/authenticate";
import { issueCollectorKey } from "../auth/collector-keys";
import { type AppContext } from "../context";
import { usingDatabase } from "../dependencies/guard";
import { parseBody } from "./parse-body";

const BUILTIN_COLLECTOR_TYPE = "watcher";

export function collectorRoutes(context: AppContext): Router {
  const router = Router();

  // Register a collector: needs an admin credential of the workspace; the key is shown in this response only.
  router.post("/collectors", async (req, res) => {
    const admin = await authenticateAdmin(req, context.auth);
    const body = parseBody(collectorRegistrationRequestSchema, req.body);
    const key = issueCollectorKey(context.env.CATSYPHON_KEY_ENV);
    const collector = await usingDatabase(() =>
      context.prisma.collectorConfig.create({
        data: {
          workspaceId: admin.workspaceId,
          collectorType: body.collector_type,
          collectorVersion: body.collector_version,
          hostname: body.hostname,
          metadata: body.metadata ?? {},
          apiKeyHash: key.apiKeyHash,
          apiKeyPrefix: key.apiKeyPrefix,
        },
        select: { id: true },
      }),
    );
    context.logger.info(
      { collectorId: collector.id, workspaceId: admin.workspaceId },
      "collector registered",
    );
    const credentials: CollectorCredentials = {
      collector_id: collector.id,
      api_key: key.apiKey,
      api_key_prefix: key.apiKeyPrefix,
      workspace_id: admin.workspaceId,
    };
    res.status(201).json(credentials);
  });

  // Credentials for the bundled watcher. A plaintext key is never kept, so each call issues a fresh key and
  // revokes the previous one.
  router.get("/collectors/builtin/credentials", async (req, res) => {
    const admin = await authenticateAdmin(req, context.auth);
    const key = issueCollectorKey(context.env.CATSYPHON_KEY_ENV);
    const collector = await usingDatabase(() =>
      context.prisma.$transaction(async (tx) => {
        await tx.collectorConfig.updateMany({
          where: { workspaceId: admin.workspaceId, isBuiltin: true, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        return tx.collectorConfig.create({
          data: {
            workspaceId: admin.workspaceId,
            collectorType: BUILTIN_COLLECTOR_TYPE,
            collectorVersion: "builtin",
            hostname: "builtin",
            isBuiltin: true,
            apiKeyHash: key.apiKeyHash,
            apiKeyPrefix: key.apiKeyPrefix,
          },
          select: { id: true },
        });
      }),
    );
    context.logger.info(
      { collectorId: collector.id, workspaceId: admin.workspaceId },
      "built-in credentials issued",
    );
    const credentials: CollectorCredentials = {
      collector_id: collector.id,
      api_key: key.apiKey,
      api_key_prefix: key.apiKeyPrefix,
      workspace_id: admin.workspaceId,
    };
    res.setHeader("Cache-Control", "no-store").status(200).json(credentials);
  });

  return router;
}
