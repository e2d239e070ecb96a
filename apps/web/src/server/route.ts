import "server-only";
// The one place where a request gets its principal and its workspace. Every /api/v1 handler is wrapped by
// workspaceRoute (or userRoute / publicRoute for the few that have no workspace), and every query a handler makes
// takes `ctx.workspace.id` from here, never from the caller. The wrapper:
// 1. resolves the principal: `Authorization: Bearer csa_...` (a workspace API token, bound to its workspace) or the
//    session cookie (then refuses state-changing requests from another origin: CSRF);
// 2. resolves the workspace: the token's, or the one the user switched to (cookie) among their memberships, else
//    their oldest membership;
// 3. checks the route's permission against the role (or the token's scopes): 403 when lacking;
// 4. parses the path parameters: a malformed id is a 404, like another workspace's id, so nothing tells them apart.
import { checkApiToken } from "@catsyphon/accounts";
import { type MembershipRole } from "@catsyphon/db";
import { bearerToken } from "@catsyphon/protocol";
import { z } from "zod";
import { readCookie, SESSION_COOKIE, WORKSPACE_COOKIE } from "./cookies";
import { assertSameOrigin } from "./csrf";
import { prisma } from "./db";
import { isDependencyDown } from "./dependencies";
import { errorResponse, HttpError, internalErrorResponse, notFound } from "./http";
import { logger } from "./logger";
import { type Permission, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from "./roles";
import { readSession, type SessionUser } from "./session";

export type Principal =
  { kind: "session"; user: SessionUser } | { kind: "api_token"; tokenId: string; scopes: readonly string[] };

export interface WorkspaceAccess {
  principal: Principal;
  workspace: { id: string; slug: string; name: string };
  /** The member's role; null for an API token. */
  role: MembershipRole | null;
  permissions: ReadonlySet<Permission>;
}

/** Next passes the dynamic segments as a promise. */
export interface NextRouteContext {
  params?: Promise<Record<string, string | string[] | undefined> | undefined>;
}

type Handler<C> = (ctx: C) => Promise<Response>;

async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    if (isDependencyDown(error)) {
      logger().warn({ err: error }, "a dependency is unavailable");
      return errorResponse(
        new HttpError("service_unavailable", "Postgres or Redis is unavailable; try again shortly", {
          headers: { "Retry-After": "5" },
        }),
      );
    }
    logger().error({ err: error }, "request failed");
    return internalErrorResponse();
  }
}

const unauthorized = (message: string) =>
  new HttpError("unauthorized", message, { headers: { "WWW-Authenticate": 'Bearer realm="catsyphon"' } });

/** Stamps last_used_at at most once a minute per token: scripts may call the read API often. */
async function touchToken(tokenId: string): Promise<void> {
  await prisma().apiToken.updateMany({
    where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] },
    data: { lastUsedAt: new Date() },
  });
}

async function resolveAccess(request: Request): Promise<WorkspaceAccess> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = bearerToken(authorization);
    if (!token || !token.startsWith("csa_")) throw unauthorized("Send Authorization: Bearer csa_<token>");
    const check = await checkApiToken(prisma(), token);
    if (!check.ok) {
      throw unauthorized(
        check.reason === "revoked"
          ? "This API token has been revoked"
          : check.reason === "expired"
            ? "This API token has expired"
            : "Invalid API token",
      );
    }
    const workspace = await prisma().workspace.findUniqueOrThrow({
      where: { id: check.workspaceId },
      select: { id: true, slug: true, name: true },
    });
    await touchToken(check.id);
    const permissions = new Set(
      check.scopes.flatMap((scope) =>
        scope === "admin" || scope === "read" ? SCOPE_PERMISSIONS[scope] : [],
      ),
    );
    return {
      principal: { kind: "api_token", tokenId: check.id, scopes: check.scopes },
      workspace,
      role: null,
      permissions,
    };
  }

  const user = await requireSession(request);
  const access = await accessForUser(user, readCookie(request, WORKSPACE_COOKIE));
  if (!access) throw new HttpError("forbidden", "You are not a member of any workspace");
  return access;
}

/**
 * The user's access in the workspace they chose (the workspace cookie's id, when they are a member of it) or else in
 * their oldest membership; undefined when they belong to none. Route handlers and server components both use it.
 */
export async function accessForUser(
  user: SessionUser,
  chosenWorkspaceId: string | undefined,
): Promise<WorkspaceAccess | undefined> {
  const memberships = await prisma().membership.findMany({
    where: { userId: user.userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  const membership = memberships.find((m) => m.workspace.id === chosenWorkspaceId) ?? memberships[0];
  if (!membership) return undefined;
  return {
    principal: { kind: "session", user },
    workspace: membership.workspace,
    role: membership.role,
    permissions: new Set(ROLE_PERMISSIONS[membership.role]),
  };
}

/** Adds the extended session's cookie, unless the handler set a session cookie of its own (a new sign-in). */
function withRenewedCookie(response: Response, user: SessionUser | undefined): Response {
  if (!user?.renewedCookie) return response;
  if (response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`)))
    return response;
  response.headers.append("Set-Cookie", user.renewedCookie);
  return response;
}

async function requireSession(request: Request): Promise<SessionUser> {
  const user = await readSession(request);
  if (!user) throw unauthorized("Sign in first (or send an API token)");
  // After authentication, so a foreign page cannot tell from the answer whether someone is signed in.
  assertSameOrigin(request);
  return user;
}

export interface WorkspaceRouteContext<P> {
  request: Request;
  access: WorkspaceAccess;
  workspaceId: string;
  params: P;
}

export function workspaceRoute<P extends z.ZodType = z.ZodObject<Record<string, never>>>(
  options: { permission: Permission; params?: P },
  handler: Handler<WorkspaceRouteContext<z.output<P>>>,
): (request: Request, context: NextRouteContext) => Promise<Response> {
  return (request, context) =>
    handle(async () => {
      const access = await resolveAccess(request);
      if (!access.permissions.has(options.permission)) {
        throw new HttpError(
          "forbidden",
          access.role
            ? `Your role (${access.role}) may not do this in workspace "${access.workspace.slug}"`
            : "This API token's scopes do not allow this",
        );
      }
      const schema = options.params ?? z.object({});
      // Routes without dynamic segments get no params at all.
      const params = schema.safeParse((await context?.params) ?? {});
      if (!params.success) throw notFound();
      const response = await handler({
        request,
        access,
        workspaceId: access.workspace.id,
        params: params.data as z.output<P>,
      });
      return withRenewedCookie(
        response,
        access.principal.kind === "session" ? access.principal.user : undefined,
      );
    });
}

/** A route for a signed-in user that is not about one workspace (their workspaces, switching, password). */
export function userRoute(
  handler: Handler<{ request: Request; user: SessionUser }>,
): (request: Request) => Promise<Response> {
  return (request) =>
    handle(async () => {
      const user = await requireSession(request);
      return withRenewedCookie(await handler({ request, user }), user);
    });
}

/** A route open to anyone (sign-in, accepting an invitation); state-changing ones still need our own origin. */
export function publicRoute(handler: Handler<{ request: Request }>): (request: Request) => Promise<Response> {
  return (request) =>
    handle(async () => {
      assertSameOrigin(request);
      return handler({ request });
    });
}
