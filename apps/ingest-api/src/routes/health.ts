import { Router } from "express";
import { type AppContext } from "../context";

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
  ]);
}

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
    const [redis, postgres] = await Promise.allSettled([
      withTimeout(context.redis.ping()),
      withTimeout(context.prisma.$queryRaw`SELECT 1`),
    ]);
    const checks = {
      redis: redis.status === "fulfilled" ? "ok" : "unavailable",
      postgres: postgres.status === "fulfilled" ? "ok" : "unavailable",
    };
    const ready = checks.redis === "ok" && checks.postgres === "ok";
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", checks });
  });

  return router;
}
