import { Router } from "express";
import { docsPage } from "./docs-page";
import { openApiDocument } from "./document";

export function openApiRoutes(): Router {
  const router = Router();
  // Built once: the schemas do not change while the process runs.
  const document = openApiDocument();
  const page = docsPage(document);

  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.get("/docs", (_req, res) => {
    res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.type("html").send(page);
  });
  return router;
}
