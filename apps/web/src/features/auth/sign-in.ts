import "server-only";
// Sign-in, sign-out and password change. One answer for an unknown email, a wrong password and a disabled user
// (and about the same time: an unknown email is checked against a dummy hash), so the form tells no one which
// emails have accounts. Each sign-in issues a new session token (the one the request carried is deleted: rotation).
import { setPassword, verifyAgainstDummy, verifyPassword } from "@catsyphon/accounts";
import { type z } from "zod";
import { clientAddress } from "../../server/client-address";
import { prisma } from "../../server/db";
import { HttpError, parseJsonBody } from "../../server/http";
import { clearAccountFailures, recordSignInFailure, signInBlockedFor } from "../../server/sign-in-limit";
import {
  clearedSessionCookieHeader,
  createSession,
  deleteSessionOf,
  type SessionUser,
  sessionCookieHeader,
} from "../../server/session";
import { changePasswordBodySchema, signInBodySchema } from "./schemas";

const WRONG_CREDENTIALS = "Wrong email or password";

const isForm = (request: Request) =>
  /^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "");

/** Redirects a browser's form post back to a page (303: the browser follows with a GET). */
function redirect(request: Request, path: string, headers: Record<string, string> = {}): Response {
  // A relative Location: behind a proxy request.url's host is Next's, not the one the browser used.
  return new Response(null, { status: 303, headers: { Location: path, ...headers } });
}

async function readSignInInput(request: Request): Promise<z.output<typeof signInBodySchema>> {
  if (!isForm(request)) return parseJsonBody(request, signInBodySchema);
  const form = await request.formData();
  const result = signInBodySchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!result.success) throw new HttpError("invalid_body", WRONG_CREDENTIALS);
  return result.data;
}

type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null }; cookie: string }
  | { ok: false; error: HttpError };

async function attemptSignIn(request: Request, email: string, password: string): Promise<SignInOutcome> {
  const address = clientAddress(request);
  const wait = await signInBlockedFor(email, address);
  if (wait !== undefined) {
    return {
      ok: false,
      error: new HttpError("rate_limited", `Too many failed sign-ins; try again in ${wait} s`, {
        headers: { "Retry-After": String(wait) },
      }),
    };
  }
  const user = await prisma().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true },
  });
  const matches = user
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user || !matches || user.disabledAt) {
    await recordSignInFailure(email, address);
    return { ok: false, error: new HttpError("unauthorized", WRONG_CREDENTIALS) };
  }
  await clearAccountFailures(email);
  await deleteSessionOf(request);
  const session = await createSession(user.id);
  await prisma().user.update({
    where: { id: user.id },
    data: { lastLoginAt: new Date() },
    select: { id: true },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name },
    cookie: sessionCookieHeader(session.token, session.expiresAt),
  };
}

export async function signIn(request: Request): Promise<Response> {
  const form = isForm(request);
  let input: z.output<typeof signInBodySchema>;
  try {
    input = await readSignInInput(request);
  } catch (error) {
    if (form && error instanceof HttpError) return redirect(request, "/sign-in?error=invalid");
    throw error;
  }
  const outcome = await attemptSignIn(request, input.email, input.password);
  if (form) {
    if (outcome.ok) return redirect(request, "/", { "Set-Cookie": outcome.cookie });
    const reason = outcome.error.code === "rate_limited" ? "limited" : "invalid";
    return redirect(request, `/sign-in?error=${reason}`, outcome.error.options.headers ?? {});
  }
  if (!outcome.ok) throw outcome.error;
  return Response.json(
    { user: outcome.user },
    { headers: { "Set-Cookie": outcome.cookie, "Cache-Control": "no-store" } },
  );
}

export async function signOut(request: Request): Promise<Response> {
  await deleteSessionOf(request);
  const headers = { "Set-Cookie": clearedSessionCookieHeader() };
  if (isForm(request)) return redirect(request, "/sign-in", headers);
  return new Response(null, { status: 204, headers });
}

/** Checks the current password, sets the new one, ends every session of the user and signs this one in anew. */
export async function changePassword(request: Request, user: SessionUser): Promise<Response> {
  const body = await parseJsonBody(request, changePasswordBodySchema);
  const row = await prisma().user.findUniqueOrThrow({
    where: { id: user.userId },
    select: { passwordHash: true },
  });
  if (!(await verifyPassword(body.current_password, row.passwordHash))) {
    throw new HttpError("forbidden", "The current password is wrong");
  }
  const { sessionsRevoked } = await setPassword(prisma(), {
    userId: user.userId,
    password: body.new_password,
  });
  const session = await createSession(user.userId);
  return Response.json(
    { sessions_revoked: sessionsRevoked },
    {
      headers: {
        "Set-Cookie": sessionCookieHeader(session.token, session.expiresAt),
        "Cache-Control": "no-store",
      },
    },
  );
}
