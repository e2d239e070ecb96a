import { errorBody } from "@catsyphon/protocol";
import { type NextFunction, type Request, type Response } from "express";
import { type Logger } from "@catsyphon/logger";
import { ApiError } from "./api-error";

/** Every error leaves in the one JSON shape; only a bug is a 500, and its details stay in the log. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (error instanceof ApiError) {
      if (error.status >= 500) logger.warn({ err: error.cause ?? error, reqId: req.id }, error.message);
      for (const [name, value] of Object.entries(error.options.headers ?? {})) res.setHeader(name, value);
      res.status(error.status).json(error.toBody());
      return;
    }
    logger.error({ err: error, reqId: req.id }, "unhandled error");
    res.status(500).json(errorBody("internal_error", "Internal error; it has been logged"));
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction) {
  next(new ApiError("not_found", `No route for ${req.method} ${req.path}`));
}
