import { json } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ access }) =>
  json({
    principal:
      access.principal.kind === "session"
        ? {
            kind: "session",
            user: {
              id: access.principal.user.userId,
              email: access.principal.user.email,
              name: access.principal.user.name,
            },
          }
        : { kind: "api_token", token_id: access.principal.tokenId, scopes: access.principal.scopes },
    workspace: access.workspace,
    role: access.role,
    permissions: [...access.permissions],
  }),
);
