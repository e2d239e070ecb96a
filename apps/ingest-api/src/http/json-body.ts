import express, { type NextFunction, type Request, type Response } from "express";
import { ApiError } from "./api-error";

/**
 * JSON bodies only, at most `limitBytes`: a wrong content type is 415, an oversized body 413 (rejected while
 * streaming, before it is buffered whole), malformed JSON 400. Requests without a body pass through.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    if (!req.is("application/json")) {
      return next(
        new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json"),
      );
    }
    parse(req, res, (error?: unknown) =>
      next(error === undefined ? undefined : toApiError(error, limitBytes)),
    );
  };
}

function hasBody(req: Request): boolean {
  const length = req.get("content-length");
  return req.get("transfer-encoding") !== undefined || (length !== undefined && length !== "0");
}

function toApiError(error: unknown, limitBytes: number): unknown {
  const type = (error as { type?: string }).type;
  switch (type) {
    case "entity.too.large":
      return new ApiError(
        "payload_too_large",
        `The body exceeds the limit of ${limitBytes} bytes; send smaller batches`,
      );
    case "entity.parse.failed":
      return new ApiError("invalid_body", "The body is not valid JSON");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError("unsupported_media_type", "Send the body as UTF-8 JSON without content encoding");
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return new ApiError("invalid_body", "The body could not be read completely");
    default:
      return error;
  }
}
