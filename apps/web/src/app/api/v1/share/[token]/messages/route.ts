import { listMessages } from "../../../../../../features/messages/queries";
import { messageListQuerySchema } from "../../../../../../features/messages/schemas";
import { shareAccess } from "../../../../../../features/share-links/queries";
import { shareTokenParamsSchema } from "../../../../../../features/share-links/schemas";
import { prisma } from "../../../../../../server/db";
import { errorResponse, HttpError, json, notFound, parseQuery } from "../../../../../../server/http";
import { readSession } from "../../../../../../server/session";

// A shared conversation's transcript, by the link's token: the same pages as /conversations/{id}/messages. Not a
// workspaceRoute: the token, not the session, names the workspace (a member's session is asked for only when the
// owner has not opened links to everyone).
export async function GET(request: Request, context: { params: Promise<Record<string, string>> }) {
  try {
    const params = shareTokenParamsSchema.safeParse(await context.params);
    if (!params.success) throw notFound("No such link");
    const user = await readSession(request);
    const access = await shareAccess(prisma(), params.data.token, user?.userId);
    if (!access.ok) {
      if (access.reason === "sign_in_required") {
        throw new HttpError("unauthorized", "Sign in as a member of this workspace to open this link");
      }
      throw notFound(
        access.reason === "gone" ? "This share link was revoked or has expired" : "No such link",
      );
    }
    const query = parseQuery(request, messageListQuerySchema);
    const page = await listMessages(prisma(), access.workspaceId, access.conversationId, query);
    if (!page) throw notFound("No such conversation");
    return json(page);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    throw error;
  }
}
