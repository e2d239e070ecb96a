import { answerScrape, METRICS_PATH } from "@catsyphon/metrics";
import { Router } from "express";
import { type AppContext } from "../context";

/** GET /metrics for Prometheus; with METRICS_TOKEN set, only for a scraper that sends it (decision 0067). */
export function metricsRoutes(context: AppContext): Router {
  const router = Router();
  router.get(METRICS_PATH, (req, res) => {
    void answerScrape(req, res, context.metrics.registry, context.env.METRICS_TOKEN);
  });
  return router;
}
