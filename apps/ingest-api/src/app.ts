import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { type AppContext } from "./context";
import { cors } from "./http/cors";
import { errorHandler, notFound } from "./http/error-handler";
import { jsonBody } from "./http/json-body";
import { requestIdOf } from "./http/request-id";
import { openApiRoutes } from "./openapi/routes";
import { collectorRoutes } from "./routes/collectors";
import { eventRoutes } from "./routes/events";
import { healthRoutes } from "./routes/health";
import { sessionRoutes } from "./routes/sessions";

export function createApp(context: AppContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", context.env.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger: context.logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/health" || req.url === "/ready" },
      // Request bodies hold users' conversations; never log them. Headers are redacted by the logger.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
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

  app.use(healthRoutes(context));
  app.use(openApiRoutes());
  app.use(collectorRoutes(context));
  app.use(eventRoutes(context));
  app.use(sessionRoutes(context));
  app.use(notFound);
  app.use(errorHandler(context.logger));
  return app;
}
