import "server-only";
// Workspace search over messages (decision 0036): every term a case-insensitive substring of a message's text or
// a tool call's parameters, newest first, on the pg_trgm index messages_search_trgm_idx. The count stops at
// SEARCH_COUNT_CAP; snippets are cut in SQL so a megabyte message never leaves the database whole.
import { Prisma, type PrismaClient } from "@catsyphon/db";
import { highlightRanges } from "./highlights";
import { SEARCH_COUNT_CAP, type SearchHit, type SearchQuery, type SearchResult } from "./schemas";
import { matchesAllTerms, messageSearchText } from "./terms-sql";

const CONTEXT_BEFORE = 80;
const SNIPPET_LENGTH = 240;

interface HitRow {
  id: string;
  conversation_id: string;
  sequence: number;
  author_role: string;
  message_type: SearchHit["message_type"];
  emitted_at: Date;
  snippet: string;
  snippet_start: number;
  text_length: number;
}

const asObject = (value: Prisma.JsonValue): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};

/** The snippet with … where the text goes on; highlights computed on that final string. */
function snippetOf(row: HitRow, terms: readonly string[]): Pick<SearchHit, "snippet" | "highlights"> {
  const codePoints = [...row.snippet].length;
  const snippet =
    (row.snippet_start > 1 ? "…" : "") +
    // A tool call's text starts with the space before its parameters.
    row.snippet.trim() +
    (row.snippet_start - 1 + codePoints < row.text_length ? "…" : "");
  return { snippet, highlights: highlightRanges(snippet, terms) };
}

export async function searchMessages(
  prisma: PrismaClient,
  workspaceId: string,
  query: SearchQuery,
): Promise<SearchResult> {
  const terms = query.q;
  const inConversation = query.conversation_id
    ? Prisma.sql`AND m.conversation_id = ${query.conversation_id}::uuid`
    : Prisma.empty;
  const where = Prisma.sql`m.workspace_id = ${workspaceId}::uuid ${inConversation}
    AND ${matchesAllTerms(messageSearchText, terms)}`;
  const [counted] = await prisma.$queryRaw<{ total: bigint }[]>`
    SELECT count(*) AS total FROM (SELECT 1 FROM messages m WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1}) hits`;
  const matched = Number(counted?.total ?? 0);
  const total = Math.min(matched, SEARCH_COUNT_CAP);
  const firstMatch = Prisma.join(
    terms.map((term) => Prisma.sql`strpos(lower(t.text), lower(${term}))`),
    ", ",
  );
  const length = Math.max(SNIPPET_LENGTH, CONTEXT_BEFORE + Math.max(...terms.map((t) => t.length)) + 40);
  const rows = await prisma.$queryRaw<HitRow[]>`
    WITH page AS (
      SELECT m.id FROM messages m WHERE ${where}
      ORDER BY m.emitted_at DESC, m.id DESC
      LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}),
    texts AS (
      SELECT m.id, m.conversation_id, m.sequence, m.author_role, m.message_type, m.emitted_at,
             ${messageSearchText} AS text
      FROM page JOIN messages m ON m.id = page.id),
    located AS (
      SELECT t.*, GREATEST(1, COALESCE(
               (SELECT min(p) FROM unnest(ARRAY[${firstMatch}]) p WHERE p > 0), 1) - ${CONTEXT_BEFORE}) AS start
      FROM texts t)
    SELECT id::text AS id, conversation_id::text AS conversation_id, sequence, author_role::text AS author_role,
           message_type::text AS message_type, emitted_at, substr(text, start, ${length}) AS snippet,
           start AS snippet_start, length(text) AS text_length
    FROM located ORDER BY emitted_at DESC, id DESC`;

  const conversations = await prisma.conversation.findMany({
    where: { workspaceId, id: { in: [...new Set(rows.map((row) => row.conversation_id))] } },
    select: {
      id: true,
      agentType: true,
      extraData: true,
      parentConversationId: true,
      project: { select: { name: true } },
      developer: { select: { username: true } },
    },
  });
  const byId = new Map(conversations.map((conversation) => [conversation.id, conversation]));
  const items = rows.flatMap((row): SearchHit[] => {
    const conversation = byId.get(row.conversation_id);
    if (!conversation) return [];
    const slug = asObject(conversation.extraData).slug;
    return [
      {
        conversation_id: row.conversation_id,
        message_id: row.id,
        sequence: row.sequence,
        role: row.author_role,
        message_type: row.message_type,
        emitted_at: row.emitted_at.toISOString(),
        ...snippetOf(row, terms),
        conversation: {
          project_name: conversation.project?.name ?? null,
          developer: conversation.developer?.username ?? null,
          agent_type: conversation.agentType,
          slug: typeof slug === "string" ? slug : null,
          parent_conversation_id: conversation.parentConversationId,
        },
      },
    ];
  });
  return {
    items,
    total,
    total_capped: matched > SEARCH_COUNT_CAP,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}
