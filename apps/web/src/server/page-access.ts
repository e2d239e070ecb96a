import "server-only";
// The server components' side of the one scoping wrapper: the same session and workspace resolution as
// workspaceRoute, from next/headers. Pages render nothing workspace-scoped without it.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, WORKSPACE_COOKIE } from "./cookies";
import { accessForUser, type WorkspaceAccess } from "./route";
import { sessionFromToken } from "./session";

/** The signed-in user's access in their current workspace; undefined when signed out (or in no workspace). */
export async function pageAccess(): Promise<WorkspaceAccess | undefined> {
  const jar = await cookies();
  const user = await sessionFromToken(jar.get(SESSION_COOKIE)?.value);
  if (!user) return undefined;
  return accessForUser(user, jar.get(WORKSPACE_COOKIE)?.value);
}

export type SessionPageAccess = WorkspaceAccess & {
  principal: Extract<WorkspaceAccess["principal"], { kind: "session" }>;
};

/** The page's access, or a redirect to the sign-in page for a signed-out visitor. */
export async function requirePageAccess(): Promise<SessionPageAccess> {
  const access = await pageAccess();
  if (!access || access.principal.kind !== "session") redirect("/sign-in");
  return { ...access, principal: access.principal };
}
