import "server-only";
// Server-side sessions in user_sessions: the cookie holds 32 random bytes, the row only their SHA-256, so a copy
// of the table signs nobody in. A session lasts SESSION_TTL_HOURS; one used in its second half is extended (at most
// one write per half-life). Disabled users' sessions are refused even before their rows are deleted.
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@catsyphon/accounts";
import { clearCookieHeader, readCookie, SESSION_COOKIE, setCookieHeader } from "./cookies";
import { prisma } from "./db";
import { webEnv } from "./env";

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
  /** Set when this request extended the session: the cookie to send so the browser keeps it as long. */
  renewedCookie?: string;
}

const ttlMs = () => webEnv().SESSION_TTL_HOURS * 3_600_000;

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMs());
  // Expired sessions of this user are of no use to anyone; dropping them here keeps the table small.
  await prisma().userSession.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } });
  await prisma().userSession.create({
    data: { userId, tokenHash: sha256Hex(token), expiresAt, lastSeenAt: new Date() },
    select: { id: true },
  });
  return { token, expiresAt };
}

export function sessionCookieHeader(token: string, expiresAt: Date): string {
  return setCookieHeader(SESSION_COOKIE, token, (expiresAt.getTime() - Date.now()) / 1000);
}

export const clearedSessionCookieHeader = () => clearCookieHeader(SESSION_COOKIE);

/** The signed-in user of this request, or undefined (no cookie, unknown, expired, or the user is disabled). */
export function readSession(request: Request): Promise<SessionUser | undefined> {
  return sessionFromToken(readCookie(request, SESSION_COOKIE));
}

/** The same, from the cookie's value (server components read it through next/headers). */
export async function sessionFromToken(token: string | undefined): Promise<SessionUser | undefined> {
  // 32 bytes in base64url are 43 characters; anything else was never issued.
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await prisma().userSession.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, disabledAt: true } },
    },
  });
  const now = Date.now();
  if (!row || row.expiresAt.getTime() <= now || row.user.disabledAt) return undefined;
  const user = { sessionId: row.id, userId: row.user.id, email: row.user.email, name: row.user.name };
  if (row.expiresAt.getTime() - now >= ttlMs() / 2) return user;
  const expiresAt = new Date(now + ttlMs());
  await prisma().userSession.update({
    where: { id: row.id },
    data: { expiresAt, lastSeenAt: new Date(now) },
    select: { id: true },
  });
  return { ...user, renewedCookie: sessionCookieHeader(token, expiresAt) };
}

/** Deletes the session the request's cookie names (sign-out); a no-op without one. */
export async function deleteSessionOf(request: Request): Promise<void> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return;
  await prisma().userSession.deleteMany({ where: { tokenHash: sha256Hex(token) } });
}
