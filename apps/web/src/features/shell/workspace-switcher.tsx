"use client";
// Switches the current workspace through PUT /api/v1/workspaces/current, then reloads the section's first page:
// everything shown belongs to one workspace, and an id of the old one would be a 404 in the new one.
import { useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useId, useState } from "react";
import { type z } from "zod";
import { apiRequest, errorMessage } from "../../client/api-client";
import { myWorkspaceSchema } from "../workspaces/schemas";

type MyWorkspace = z.output<typeof myWorkspaceSchema>;

export function WorkspaceSwitcher({ workspaces }: { workspaces: MyWorkspace[] }) {
  const id = useId();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [switching, setSwitching] = useState(false);
  const current = workspaces.find((workspace) => workspace.current);

  async function switchTo(workspaceId: string) {
    setSwitching(true);
    setError(undefined);
    try {
      await apiRequest("/api/v1/workspaces/current", myWorkspaceSchema, {
        method: "PUT",
        json: { workspace_id: workspaceId },
      });
      queryClient.clear();
      const section = pathname.split("/")[1] ?? "";
      window.location.assign(`/${section}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setSwitching(false);
    }
  }

  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="visually-hidden">
        Workspace
      </label>
      <select
        id={id}
        value={current?.id}
        disabled={switching || workspaces.length < 2}
        onChange={(event) => void switchTo(event.target.value)}
      >
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="error-inline">
          {error}
        </span>
      ) : null}
    </div>
  );
}
