import { taggerStatus } from "../../../../../features/ingestion/tagger-status";
import { readPrisma } from "../../../../../server/db";
import { json } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ workspaceId }) =>
  json(await taggerStatus(readPrisma(), workspaceId)),
);
