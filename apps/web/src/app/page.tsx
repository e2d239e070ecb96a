// A signed-in user's landing page until the dashboard pages exist: who they are, their workspaces, and the API.
import { redirect } from "next/navigation";
import { myWorkspacesFromCookie } from "../features/workspaces/queries";
import { prisma } from "../server/db";
import { pageAccess } from "../server/page-access";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const access = await pageAccess();
  if (!access || access.principal.kind !== "session") redirect("/sign-in");
  const { user } = access.principal;
  const workspaces = await myWorkspacesFromCookie(prisma(), access.workspace.id, user.userId);
  return (
    <main>
      <h1>CatSyphon</h1>
      <p>
        Signed in as <strong>{user.email}</strong> in <strong>{access.workspace.name}</strong> ({access.role}
        ).
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
