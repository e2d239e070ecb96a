// A signed-in user's landing page until the dashboard pages exist: who they are, their workspaces, and the API.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { myWorkspacesFromCookie } from "../features/workspaces/queries";
import { SESSION_COOKIE, WORKSPACE_COOKIE } from "../server/cookies";
import { prisma } from "../server/db";
import { sessionFromToken } from "../server/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const jar = await cookies();
  const user = await sessionFromToken(jar.get(SESSION_COOKIE)?.value);
  if (!user) redirect("/sign-in");
  const workspaces = await myWorkspacesFromCookie(prisma(), jar.get(WORKSPACE_COOKIE)?.value, user.userId);
  const current = workspaces.find((workspace) => workspace.current);
  return (
    <main>
      <h1>CatSyphon</h1>
      <p>
        Signed in as <strong>{user.email}</strong>
        {current ? (
          <>
            {" "}
            in <strong>{current.name}</strong> ({current.role})
          </>
        ) : null}
        .
      </p>
      <h2>Your workspaces</h2>
      <ul>
        {workspaces.map((workspace) => (
          <li key={workspace.id}>
            {workspace.name} <code>{workspace.slug}</code> — {workspace.role}
            {workspace.current ? " (current)" : ""}
          </li>
        ))}
      </ul>
      <p>
        Read API: <a href="/api/v1/conversations">/api/v1/conversations</a>, described at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      <form method="post" action="/api/v1/auth/sign-out">
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
