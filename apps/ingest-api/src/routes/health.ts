import { checkDependencies } from "@catsyphon/service-runtime";
import { Router } from "express";
import { type AppContext } from "../context";

export function healthRoutes(context: AppContext): Router {
  const router = Router();

  // Liveness: the process is up and serving.
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Readiness: dependencies answer and we are not draining.
  router.get("/ready", async (_req, res) => {
    if (context.lifecycle.shuttingDown) {
      res.status(503).json({ status: "shutting_down", checks: {} });
      return;
    }
    const checks = await checkDependencies({
      redis: () => context.redis.ping(),
      postgres: () => context.prisma.$queryRaw`SELECT 1`,
    });
    const ready = Object.values(checks).every((state) => state === "ok");
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", checks });
  });

  return router;
}
