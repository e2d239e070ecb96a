import { openEventStream } from "../../../../server/live-events/response";
import { workspaceRoute } from "../../../../server/route";

// A stream per request, never cached or prerendered.
export const dynamic = "force-dynamic";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, access }) =>
  openEventStream(request, access),
);
