import { getConversation } from "../../../../../../features/conversations/queries";
import { conversationIdParamsSchema } from "../../../../../../features/conversations/schemas";
import { exportQuerySchema } from "../../../../../../features/export/schemas";
import { exportFileName, exportStream } from "../../../../../../features/export/stream";
import { readPrisma } from "../../../../../../server/db";
import { notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

const CONTENT_TYPES = { md: "text/markdown; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" };

export const GET = workspaceRoute(
  { permission: "read", params: conversationIdParamsSchema },
  async ({ request, workspaceId, params }) => {
    const { format } = parseQuery(request, exportQuerySchema);
    const conversation = await getConversation(readPrisma(), workspaceId, params.id);
    if (!conversation) throw notFound("No such conversation");
    return new Response(exportStream(readPrisma(), workspaceId, conversation, format), {
      headers: {
        "Content-Type": CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="${exportFileName(conversation, format)}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
