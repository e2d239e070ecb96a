import "server-only";
// The conversations page's first render: the same query parsing and the same query function as
// GET /api/v1/conversations, in the workspace the page's access resolved. A query the API would refuse is handed to
// the page as the API's own error, so the first render and the browser's refetch say the same thing.
import { prisma } from "../../server/db";
import { HttpError, parseQuery } from "../../server/http";
import { filtersToQueryString, type ListFilters } from "./list-filters";
import { listConversations } from "./queries";
import { conversationListQuerySchema, type conversationListSchema } from "./schemas";
import { type z } from "zod";

export type ConversationList = z.output<typeof conversationListSchema>;

export type FirstListPage =
  | { queryString: string; data: ConversationList }
  | { queryString: string; error: { message: string; details?: unknown } };

export async function firstListPage(workspaceId: string, filters: ListFilters): Promise<FirstListPage> {
  const queryString = filtersToQueryString(filters);
  try {
    // parseQuery reads a request's URL; the host is never contacted.
    const query = parseQuery(
      new Request(`http://dashboard.local/?${queryString}`),
      conversationListQuerySchema,
    );
    return { queryString, data: await listConversations(prisma(), workspaceId, query) };
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) {
      return { queryString, error: { message: error.message, details: error.options.details } };
    }
    throw error;
  }
}
