import { type IncomingMessage, type ServerResponse } from "node:http";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { type AppContext } from "./context";
import { cors } from "./http/cors";
import { errorHandler, notFound } from "./http/error-handler";
import { jsonBody } from "./http/json-body";
import { routeTemplateOf } from "./http/metrics";
import { requestIdOf } from "./http/request-id";
import { openApiRoutes } from "./openapi/routes";
import { collectorRoutes } from "./routes/collectors";
import { eventRoutes } from "./routes/events";
import { healthRoutes } from "./routes/health";
import { metricsRoutes } from "./routes/metrics";
import { sessionRoutes } from "./routes/sessions";

export function createApp(context: AppContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", context.env.TRUST_PROXY);
  // First, so every request is timed, however it ends; the route is read once routing decided it.
  app.use((req, res, next) => {
    context.metrics.http.track(req, res, () => routeTemplateOf(req));
    next();
  });

  app.use(
    pinoHttp({
      logger: context.logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: {
        ignore: (req) => req.url === "/health" || req.url === "/ready" || req.url === "/metrics",
      },
      // One short line per request: request bodies hold users' conversations and are never logged; headers are
      // left out too (they add nothing an operator needs and cost a copy, a redaction pass and their JSON on
      // every request). The serializers get the raw objects, so pino's standard ones do not copy headers first.
      wrapSerializers: false,
      serializers: {
        req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.originalUrl ?? req.url,
        }),
        // null when the client went away before an answer was sent (pino's standard serializer does the same).
        res: (res: ServerResponse) => ({ statusCode: res.headersSent ? res.statusCode : null }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  });
  app.use(cors);
  app.use(jsonBody(context.env.MAX_BODY_BYTES));

  // Event batches first: they are nearly all the traffic, and no other router's paths overlap theirs, so the
  // order only saves each batch a walk through the routers it can never match.
  app.use(eventRoutes(context));
  app.use(healthRoutes(context));
  app.use(metricsRoutes(context));
  app.use(openApiRoutes());
  app.use(collectorRoutes(context));
  app.use(sessionRoutes(context));
  app.use(notFound);
  app.use(errorHandler(context.logger, context.metrics));
  return app;
}
