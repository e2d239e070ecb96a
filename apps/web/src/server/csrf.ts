// CSRF: a state-changing request that a browser could send with our cookies must come from our own origin. Browsers
// send Origin on every cross-site POST/PUT/PATCH/DELETE (forms and fetch), so a foreign or missing Origin (with no
// same-origin Referer) is refused. Bearer-token requests carry no ambient credential and are not checked.
import { webEnv } from "./env";
import { HttpError } from "./http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isStateChanging = (request: Request) => !SAFE_METHODS.has(request.method.toUpperCase());

/** The host the client addressed: Host, or X-Forwarded-Host behind a trusted proxy. */
function requestHost(request: Request): string | undefined {
  const forwarded = webEnv().TRUST_PROXY
    ? request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()
    : undefined;
  return forwarded || request.headers.get("host") || undefined;
}

function hostOf(value: string | null): string | undefined {
  if (!value || value === "null") return undefined;
  try {
    return new URL(value).host;
  } catch {
    return undefined;
  }
}

export function assertSameOrigin(request: Request): void {
  if (!isStateChanging(request)) return;
  const host = requestHost(request);
  const from = hostOf(request.headers.get("origin")) ?? hostOf(request.headers.get("referer"));
  if (!host || !from || from !== host) {
    throw new HttpError(
      "forbidden",
      "Cross-site request refused: it must come from the dashboard's own origin",
    );
  }
}

/** The origin the client used, for links handed back to it (invitation links). */
export function requestOrigin(request: Request): string {
  const forwardedProto = webEnv().TRUST_PROXY
    ? request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim()
    : undefined;
  const protocol = forwardedProto || new URL(request.url).protocol.replace(":", "");
  return `${protocol}://${requestHost(request) ?? new URL(request.url).host}`;
}
