// Making one call of the access walk and saying what it answered as one line ("DELETE /api/v1/x → 403 forbidden"),
// so a whole walk compares as two lists and a failure names every route that answered wrong at once.
import { fillTemplate } from "./app-routes";
import { type CallOptions, TestClient } from "./client";
import { type ApiRoute, type PreparedCall, routeKey } from "./route-table";

export interface Answer {
  status: number;
  /** The error shape's code (`forbidden`, `not_found`, ...); undefined for a success or a non-JSON body. */
  error: string | undefined;
  message: string | undefined;
}

export async function sendCall(
  baseUrl: string,
  route: ApiRoute,
  call: PreparedCall,
  options: CallOptions & { client?: TestClient } = {},
): Promise<Answer> {
  const { client = new TestClient(baseUrl), ...callOptions } = options;
  const url = fillTemplate(route.path, call.params) + (call.query ? `?${call.query}` : "");
  const response = await client.call(route.method, url, { json: call.json, ...callOptions });
  if (route.stream && response.ok) {
    // An open event stream: its status is the answer; cancelling closes the connection.
    await response.body?.cancel();
    return { status: response.status, error: undefined, message: undefined };
  }
  const text = await response.text();
  let parsed: { error?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON (a 204, a redirect): no error code.
  }
  return {
    status: response.status,
    error: response.status >= 400 && typeof parsed.error === "string" ? parsed.error : undefined,
    message: typeof parsed.message === "string" ? parsed.message : undefined,
  };
}

/** The refusals every route gives in the one error shape, by status. */
const REFUSAL_CODES: Record<number, string> = { 401: "unauthorized", 403: "forbidden", 404: "not_found" };

/**
 * One line for a call: the status, plus the error code when the expected status is a refusal (a route's own
 * "allowed" answer, such as a 409 or a 400, is compared by status only).
 */
export function describeAnswer(
  route: ApiRoute,
  answer: Answer,
  expectedStatus: number,
  okStatus: number,
): string {
  const refusal = expectedStatus !== okStatus && REFUSAL_CODES[expectedStatus] !== undefined;
  return `${routeKey(route)} → ${answer.status}${refusal ? ` ${answer.error ?? "(no error code)"}` : ""}`;
}

export function describeExpected(route: ApiRoute, expectedStatus: number, okStatus: number): string {
  const refusal = expectedStatus !== okStatus ? REFUSAL_CODES[expectedStatus] : undefined;
  return `${routeKey(route)} → ${expectedStatus}${refusal ? ` ${refusal}` : ""}`;
}
