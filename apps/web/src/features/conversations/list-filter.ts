import "server-only";
// The conversation list's WHERE clause as SQL over `conversations c`: the column filters, plus `tag` (JSONB
// containment on the GIN index) and `q` (text search over the messages of a session and of its sub-agents, and
// over its slug and summaries), which Prisma's query builder cannot say in a way that uses those indexes.
import { Prisma } from "@catsyphon/db";
import { matchesAllTerms, messageSearchText } from "../search/terms-sql";
import { type ConversationListQuery } from "./schemas";
import { tagConditionsSql } from "./tag-filter-sql";

const DAY_MS = 86_400_000;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

// What the list's q also reads of the session row itself.
const sessionText = Prisma.sql`(COALESCE(c.extra_data ->> 'slug', '') || ' ' || COALESCE(c.extra_data ->> 'summary', '')
  || ' ' || COALESCE((c.extra_data -> 'summaries')::text, '') || ' ' || COALESCE(c.tags ->> 'summary', ''))`;

/**
 * Main sessions with a matching message of their own or of a sub-agent (two levels down): the matching messages'
 * conversations first (one trigram index scan), then each one's root.
 */
function textMatchSql(workspaceId: string, terms: readonly string[]): Prisma.Sql {
  return Prisma.sql`(${matchesAllTerms(sessionText, terms)} OR c.id IN (
    SELECT COALESCE(p.parent_conversation_id, h.parent_conversation_id, h.id)
    FROM (SELECT DISTINCT m.conversation_id FROM messages m
          WHERE m.workspace_id = ${workspaceId}::uuid AND ${matchesAllTerms(messageSearchText, terms)}) hit
    JOIN conversations h ON h.id = hit.conversation_id
    LEFT JOIN conversations p ON p.id = h.parent_conversation_id))`;
}

export function listFilterSql(workspaceId: string, query: ConversationListQuery): Prisma.Sql {
  // Main sessions, and sub-agents whose parent never arrived (orphans stay visible).
  const conditions = [
    Prisma.sql`c.workspace_id = ${workspaceId}::uuid`,
    Prisma.sql`c.parent_conversation_id IS NULL`,
  ];
  if (query.project_id) conditions.push(Prisma.sql`c.project_id = ${query.project_id}::uuid`);
  if (query.developer_id) conditions.push(Prisma.sql`c.developer_id = ${query.developer_id}::uuid`);
  if (query.agent_type) conditions.push(Prisma.sql`c.agent_type = ${query.agent_type}`);
  if (query.status) conditions.push(Prisma.sql`c.status = ${query.status}::conversation_status`);
  if (query.success !== undefined) conditions.push(Prisma.sql`c.success = ${query.success}`);
  if (query.start_date) conditions.push(Prisma.sql`c.start_time >= ${new Date(query.start_date)}`);
  if (query.end_date) {
    // A day includes all of itself; an exact time is an exclusive bound.
    const end = new Date(query.end_date);
    const bound = isDay(query.end_date) ? new Date(end.getTime() + DAY_MS) : end;
    conditions.push(Prisma.sql`c.start_time < ${bound}`);
  }
  if (query.tag && query.tag.length > 0) conditions.push(tagConditionsSql(query.tag));
  if (query.q) conditions.push(textMatchSql(workspaceId, query.q));
  return Prisma.join(conditions, " AND ");
}
