import { errorBody } from "@catsyphon/protocol";
import { type NextFunction, type Request, type Response } from "express";
import { type Logger } from "@catsyphon/logger";
import { ApiError } from "./api-error";
import { type ApiMetrics } from "./metrics";
import { clientErrorStatus } from "./json-body";

/** Every error leaves in the one JSON shape; only a bug is a 500, and its details stay in the log. */
export function errorHandler(logger: Logger, metrics: Pick<ApiMetrics, "conflicts">) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (error instanceof ApiError) {
      if (error.status === 409) metrics.conflicts.inc({ code: error.code });
      if (error.status >= 500) logger.warn({ err: error.cause ?? error, reqId: req.id }, error.message);
      for (const [name, value] of Object.entries(error.options.headers ?? {})) res.setHeader(name, value);
      res.status(error.status).json(error.toBody());
      return;
    }
    if (error instanceof URIError || clientErrorStatus(error) !== undefined) {
      // Express's own 4xx, e.g. a path parameter that is not valid percent-encoding (URIError): bad input.
      res
        .status(400)
        .json(
          errorBody(
            "invalid_body",
            error instanceof URIError
              ? "The request path is not valid percent-encoding"
              : "The request could not be read",
          ),
        );
      return;
    }
    logger.error({ err: error, reqId: req.id }, "unhandled error");
    res.status(500).json(errorBody("internal_error", "Internal error; it has been logged"));
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction) {
  next(new ApiError("not_found", `No route for ${req.method} ${req.path}`));
}
