import { MAX_JSON_DEPTH } from "@catsyphon/protocol";
import express, { type NextFunction, type Request, type Response } from "express";
import { ApiError } from "./api-error";

/**
 * JSON bodies only, at most `limitBytes` (after inflating a gzip, deflate, br or zstd body, so a compression bomb
 * is a 413 too): a wrong content type is 415, an oversized body 413 (rejected while streaming, before it is
 * buffered whole), malformed JSON or a body that does not decode 400, JSON nested deeper than `maxDepth` 400
 * (before any schema or serializer recurses into it). Requests without a body pass through.
 */
export function jsonBody(limitBytes: number, maxDepth: number = MAX_JSON_DEPTH) {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    if (!req.is("application/json")) {
      return next(
        new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json"),
      );
    }
    parse(req, res, (error?: unknown) => {
      if (error !== undefined) return next(toApiError(error, limitBytes));
      const tooDeep = pathDeeperThan(req.body, maxDepth);
      if (tooDeep !== undefined) {
        return next(
          new ApiError(
            "invalid_body",
            `The body is nested deeper than ${maxDepth} levels of objects and arrays`,
            {
              details: [{ path: tooDeep, message: `exceeds the JSON depth limit of ${maxDepth}` }],
            },
          ),
        );
      }
      next();
    });
  };
}

/**
 * The dotted path of the first object or array nested deeper than `maxDepth` (the body itself is level 1), or
 * undefined. Iterative: a body nested 100,000 deep must not overflow the stack here either.
 */
export function pathDeeperThan(body: unknown, maxDepth: number): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const stack: { value: object; depth: number; path: string }[] = [{ value: body, depth: 1, path: "" }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: object; depth: number; path: string };
    if (depth > maxDepth) return path;
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === "object" && child !== null) {
        stack.push({ value: child as object, depth: depth + 1, path: path === "" ? key : `${path}.${key}` });
      }
    }
  }
  return undefined;
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
      // Inflating a body that is not what its Content-Encoding says (zlib: "incorrect header check",
      // "unexpected end of file") fails with a bare 400 and no type.
      if (clientErrorStatus(error) !== undefined) {
        return new ApiError(
          "invalid_body",
          "The body could not be decoded: it does not match its Content-Encoding (gzip, deflate, br or zstd)",
        );
      }
      return error;
  }
}

/** The 4xx status an HTTP error of Express or body-parser carries (`http-errors`), if any. */
export function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  const { status } = error;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}
