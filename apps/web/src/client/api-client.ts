// The dashboard's one typed fetch client for /api/v1: same-origin requests (the browser adds the session cookie and,
// on state-changing methods, the Origin header the CSRF check wants), every answer parsed with the feature's zod
// read shape, every failure an ApiError carrying the server's own message.
import { errorBodySchema } from "@catsyphon/protocol";
import { z } from "zod";

// The web app adds codes of its own (invalid_query, conflict) to the protocol's.
const webErrorBodySchema = errorBodySchema.extend({ error: z.string() });

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  json?: unknown;
  signal?: AbortSignal;
}

async function failure(response: Response): Promise<ApiError> {
  const parsed = webErrorBodySchema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    return new ApiError(response.status, parsed.data.error, parsed.data.message, parsed.data.details);
  }
  return new ApiError(response.status, "http_error", `The server answered ${response.status}`);
}

/** Calls `path` (under /api/v1) and parses the answer with `schema`; a 204 parses `undefined`. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers: options.json === undefined ? {} : { "Content-Type": "application/json" },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The server could not be reached. Check your connection.");
  }
  if (response.status === 401) {
    // The session ended (expired, signed out elsewhere): the sign-in page is the only useful next step.
    window.location.assign("/sign-in");
  }
  if (!response.ok) throw await failure(response);
  const raw: unknown = response.status === 204 ? undefined : await response.json();
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ApiError(
      response.status,
      "unexpected_response",
      "The server's answer had an unexpected shape.",
    );
  }
  return result.data;
}

/** A message for an error a query or mutation ended with, including the API's details on bad parameters. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details)
      ? error.details
          .map((detail: unknown) =>
            typeof detail === "object" && detail !== null && "message" in detail
              ? `${"path" in detail ? String(detail.path) + ": " : ""}${String(detail.message)}`
              : "",
          )
          .filter(Boolean)
      : [];
    return details.length > 0 ? `${error.message} (${details.join("; ")})` : error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
