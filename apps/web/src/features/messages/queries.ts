import "server-only";
// A conversation's transcript, page by page in sequence order, with tool results joined into their calls: the
// worker copies a result's `result` and `success` onto its call's row (apply-batch.ts joinToolResults), so a
// tool_result whose call is in the conversation is left out here; a result without a call stays an item.
import { Prisma, type PrismaClient } from "@catsyphon/db";
import { type MessageItem, type MessageList, type MessageListQuery } from "./schemas";

interface MessageRow {
  id: string;
  sequence: number;
  author_role: MessageItem["role"];
  message_type: MessageItem["message_type"];
  content: string;
  thinking_content: string | null;
  tool_calls: Prisma.JsonValue;
  extra_data: Prisma.JsonValue;
  emitted_at: Date;
  observed_at: Date;
  cost_usd: Prisma.Decimal | null;
  epoch_number: number | null;
}

const asObject = (value: Prisma.JsonValue | undefined): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};

function toolCallsOf(value: Prisma.JsonValue): MessageItem["tool_calls"] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const call = asObject(entry);
    const stringOrNull = (key: string) => (typeof call[key] === "string" ? call[key] : null);
    return {
      tool_name: stringOrNull("tool_name"),
      tool_use_id: stringOrNull("tool_use_id"),
      parameters: call.parameters ?? null,
      ...("result" in call ? { result: call.result } : {}),
      ...("success" in call ? { success: typeof call.success === "boolean" ? call.success : null } : {}),
    };
  });
}

function toItem(row: MessageRow): MessageItem {
  return {
    id: row.id,
    sequence: row.sequence,
    role: row.author_role,
    message_type: row.message_type,
    content: row.content,
    tool_calls: toolCallsOf(row.tool_calls),
    extra_data: {
      ...asObject(row.extra_data),
      ...(row.thinking_content === null ? {} : { thinking_content: row.thinking_content }),
    },
    emitted_at: row.emitted_at.toISOString(),
    observed_at: row.observed_at.toISOString(),
    cost_usd: row.cost_usd === null ? null : row.cost_usd.toNumber(),
    epoch_number: row.epoch_number,
  };
}

/**
 * The rows a transcript shows, scoped by the conversation's workspace: a tool_result is hidden when a tool_call of
 * the same conversation carries its tool_use_id. Written as NOT EXISTS so the planner makes it an anti-join (on
 * messages_tool_call_use_id_idx: a probe per result on a first page, one hash over the calls for a count). The
 * probe's estimate of one call comes from the messages_tool_use_id_stats statistics (a partial index has none).
 */
function visibleWhere(workspaceId: string, conversationId: string, query: MessageListQuery): Prisma.Sql {
  const types =
    query.types && query.types.length > 0
      ? Prisma.sql`AND m.message_type::text = ANY(${query.types}::text[])`
      : Prisma.empty;
  return Prisma.sql`cv.id = ${conversationId}::uuid AND cv.workspace_id = ${workspaceId}::uuid ${types}
    AND NOT EXISTS (
      SELECT 1 FROM messages c
      WHERE m.message_type = 'tool_result' AND c.conversation_id = m.conversation_id
        AND c.message_type = 'tool_call'
        AND c.tool_calls -> 0 ->> 'tool_use_id' = m.tool_calls -> 0 ->> 'tool_use_id')`;
}

/** The page of messages, or undefined when the conversation is not in this workspace. */
export async function listMessages(
  prisma: PrismaClient,
  workspaceId: string,
  conversationId: string,
  query: MessageListQuery,
): Promise<MessageList | undefined> {
  const conversation = await prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { id: true },
  });
  if (!conversation) return undefined;
  const where = visibleWhere(workspaceId, conversationId, query);
  const [counts] = await prisma.$queryRaw<{ total: bigint; before: bigint }[]>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE m.sequence < ${query.from_sequence ?? 0}) AS before
    FROM conversations cv JOIN messages m ON m.conversation_id = cv.id WHERE ${where}`;
  const total = Number(counts?.total ?? 0);
  const pages = Math.ceil(total / query.page_size);
  // from_sequence: the page (in the usual numbering) that holds the first item at or after that sequence; past
  // the last item, the last page.
  const page =
    query.from_sequence === undefined
      ? (query.page ?? 1)
      : Math.min(Math.floor(Number(counts?.before ?? 0) / query.page_size) + 1, Math.max(pages, 1));
  // The page's sequences first (narrow rows), then only those rows in full: content can be megabytes.
  const rows = await prisma.$queryRaw<MessageRow[]>`
    WITH page AS (
      SELECT m.sequence FROM conversations cv JOIN messages m ON m.conversation_id = cv.id
      WHERE ${where}
      ORDER BY m.sequence
      LIMIT ${query.page_size} OFFSET ${(page - 1) * query.page_size})
    SELECT m.id::text AS id, m.sequence, m.author_role::text AS author_role,
           m.message_type::text AS message_type, m.content, m.thinking_content, m.tool_calls, m.extra_data,
           m.emitted_at, m.observed_at, m.cost_usd, e.epoch_number
    FROM page JOIN messages m ON m.conversation_id = ${conversationId}::uuid AND m.sequence = page.sequence
    LEFT JOIN epochs e ON e.id = m.epoch_id
    ORDER BY m.sequence`;
  return {
    items: rows.map(toItem),
    total,
    page,
    page_size: query.page_size,
    pages,
  };
}
