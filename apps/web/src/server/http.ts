// Responses in the one error shape `{error, message, details?}` (packages/protocol), plus the codes only the
// dashboard needs. Route handlers throw HttpError; the wrapper turns it into a response.
import { ERROR_HTTP_STATUS, errorBody, type ErrorCode, zodIssuesToDetails } from "@catsyphon/protocol";
import { type z } from "zod";

export type WebErrorCode = ErrorCode | "invalid_query" | "conflict";

// The protocol's codes keep the protocol's statuses; the dashboard adds two of its own.
const STATUS: Record<WebErrorCode, number> = { ...ERROR_HTTP_STATUS, invalid_query: 400, conflict: 409 };

export class HttpError extends Error {
  constructor(
    readonly code: WebErrorCode,
    message: string,
    readonly options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new HttpError("not_found", what);

export function errorResponse(error: HttpError): Response {
  const body =
    error.options.details === undefined
      ? { error: error.code, message: error.message }
      : { error: error.code, message: error.message, details: error.options.details };
  return Response.json(body, { status: error.status, headers: error.options.headers });
}

export function internalErrorResponse(): Response {
  return Response.json(errorBody("internal_error", "Something went wrong on the server"), { status: 500 });
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { "Cache-Control": "no-store", ...init.headers } });
}

/** Parses the query string with a zod schema; a bad parameter is a 400 naming each problem. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  // A repeated parameter (`tag=a&tag=b`) arrives as an array; a schema that wants one value refuses it.
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new HttpError("invalid_query", "The query parameters are invalid", {
      details: zodIssuesToDetails(result.error),
    });
  }
  return result.data;
}

/** Parses a JSON body with a zod schema: 415 for another content type, 400 for bad JSON or a bad shape. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError("unsupported_media_type", "Send the body as application/json");
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new HttpError("invalid_body", "The body is not valid JSON");
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new HttpError("invalid_body", "The request body is invalid", {
      details: zodIssuesToDetails(result.error),
    });
  }
  return result.data;
}
