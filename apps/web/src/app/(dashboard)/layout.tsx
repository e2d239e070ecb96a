// Every dashboard page's frame: navigation, the workspace switcher, the signed-in user. Signed-out visitors go to
// the sign-in page before anything workspace-scoped is read. One live-update stream per tab lives here, so it
// survives client-side navigation between the sections.
import type { ReactNode } from "react";
import { LiveIndicator, LiveUpdatesProvider } from "../../client/live-updates";
import { QueryProvider } from "../../client/query-provider";
import { CommandSearch } from "../../features/search/ui/command-search";
import { DashboardNav } from "../../features/shell/dashboard-nav";
import { SignOutButton } from "../../features/shell/sign-out-button";
import { WorkspaceSwitcher } from "../../features/shell/workspace-switcher";
import { myWorkspacesFromCookie } from "../../features/workspaces/queries";
import { prisma } from "../../server/db";
import { requirePageAccess } from "../../server/page-access";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const access = await requirePageAccess();
  const { user } = access.principal;
  const workspaces = await myWorkspacesFromCookie(prisma(), access.workspace.id, user.userId);
  return (
    <QueryProvider>
      <LiveUpdatesProvider>
        <div className="shell">
          <a className="skip-link" href="#content">
            Skip to content
          </a>
          <header className="topbar">
            <a className="brand" href="/">
              CatSyphon
            </a>
            <WorkspaceSwitcher workspaces={workspaces} />
            <CommandSearch />
            <LiveIndicator />
            <div className="topbar-user">
              <span className="user-email" title={`Role: ${access.role ?? "none"}`}>
                {user.email}
              </span>
              <span className="role-badge">{access.role}</span>
              <SignOutButton />
            </div>
          </header>
          <DashboardNav />
          <main id="content" className="content">
            {children}
          </main>
        </div>
      </LiveUpdatesProvider>
    </QueryProvider>
  );
}
