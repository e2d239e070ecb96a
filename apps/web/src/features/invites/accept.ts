import "server-only";
// POST /api/v1/invites/accept, from the invitation page's form or as JSON. A new account is signed in at once; the
// accepted workspace becomes the current one.
import { setCookieHeader, WORKSPACE_COOKIE } from "../../server/cookies";
import { prisma } from "../../server/db";
import { HttpError, parseJsonBody } from "../../server/http";
import { createSession, readSession, sessionCookieHeader } from "../../server/session";
import { acceptInvite } from "./queries";
import { acceptInviteBodySchema } from "./schemas";

const isForm = (request: Request) =>
  /^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "");

async function readBody(request: Request) {
  if (!isForm(request)) return parseJsonBody(request, acceptInviteBodySchema);
  const form = await request.formData();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const result = acceptInviteBodySchema.safeParse({
    token: field("token"),
    password: field("password"),
    name: field("name"),
  });
  if (!result.success)
    throw new HttpError("invalid_body", "Check the form: the password needs 12 characters or more");
  return result.data;
}

export async function acceptInviteRequest(request: Request): Promise<Response> {
  const form = isForm(request);
  let token = "";
  try {
    const body = await readBody(request);
    token = body.token;
    const accepted = await acceptInvite(prisma(), { ...body, session: await readSession(request) });
    const cookies = [setCookieHeader(WORKSPACE_COOKIE, accepted.workspace.id, 400 * 86_400)];
    if (accepted.createdUser) {
      const session = await createSession(accepted.user.id);
      cookies.push(sessionCookieHeader(session.token, session.expiresAt));
    }
    const headers = new Headers({ "Cache-Control": "no-store" });
    for (const cookie of cookies) headers.append("Set-Cookie", cookie);
    const { createdUser: _createdUser, ...answer } = accepted;
    if (form) {
      headers.set("Location", "/");
      return new Response(null, { status: 303, headers });
    }
    return Response.json(answer, { headers });
  } catch (error) {
    if (form && error instanceof HttpError) {
      // A code, not the message: the page shows fixed texts, so a crafted link cannot put words on it.
      const code =
        error.code === "unauthorized" ? "sign_in" : error.code === "not_found" ? "invalid" : "password";
      const query = new URLSearchParams({ error: code });
      return new Response(null, {
        status: 303,
        headers: { Location: `/invite/${encodeURIComponent(token)}?${query.toString()}` },
      });
    }
    throw error;
  }
}
