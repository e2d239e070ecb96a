// Cookie reading and writing without a framework helper, so route handlers and the wrapper share one format.
import { webEnv } from "./env";

export const SESSION_COOKIE = "catsyphon_session";
/** The workspace the user last switched to (an id; checked against their memberships on every request). */
export const WORKSPACE_COOKIE = "catsyphon_workspace";

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, Path=/, and Secure when SESSION_COOKIE_SECURE is on. */
export function setCookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (webEnv().SESSION_COOKIE_SECURE) attributes.push("Secure");
  return attributes.join("; ");
}

export const clearCookieHeader = (name: string) => setCookieHeader(name, "", 0);
