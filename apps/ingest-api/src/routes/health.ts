import { checkDependencies, type DependencyState } from "@catsyphon/service-runtime";
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
    const { ready, status, checks } = await readiness(context);
    res.status(ready ? 200 : 503).json({ status, checks });
  });

  return router;
}

/** What /ready answers (and catsyphon_service_ready shows). */
export async function readiness(
  context: AppContext,
): Promise<{ ready: boolean; status: string; checks: Record<string, DependencyState> }> {
  if (context.lifecycle.shuttingDown) return { ready: false, status: "shutting_down", checks: {} };
  const checks = await checkDependencies({
    redis: () => context.redis.ping(),
    postgres: () => context.prisma.$queryRaw`SELECT 1`,
  });
  const ready = Object.values(checks).every((state) => state === "ok");
  return { ready, status: ready ? "ready" : "unavailable", checks };
}
