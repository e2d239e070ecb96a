import "server-only";
// Conversation reads. Every function takes the workspace id the route wrapper resolved; nothing here reads one
// from the request.
import { type Prisma, type PrismaClient } from "@catsyphon/db";
import { iso, isoOrNull } from "../shared-schemas";
import { listFilterSql } from "./list-filter";
import {
  type ConversationDetail,
  type ConversationListQuery,
  type ConversationSummary,
  type conversationListSchema,
} from "./schemas";
import { type z } from "zod";

const summarySelect = {
  id: true,
  collectorSessionId: true,
  parentConversationId: true,
  conversationType: true,
  projectId: true,
  developerId: true,
  agentType: true,
  agentVersion: true,
  status: true,
  outcome: true,
  success: true,
  startTime: true,
  endTime: true,
  lastActivityAt: true,
  messageCount: true,
  toolCallCount: true,
  inputTokens: true,
  outputTokens: true,
  cacheReadTokens: true,
  cacheCreationTokens: true,
  costUsd: true,
  extraData: true,
  tags: true,
  project: { select: { name: true } },
  developer: { select: { username: true } },
} as const satisfies Prisma.ConversationSelect;

type SummaryRow = Prisma.ConversationGetPayload<{ select: typeof summarySelect }>;

const asObject = (value: Prisma.JsonValue): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
const stringField = (object: Record<string, unknown>, key: string) =>
  typeof object[key] === "string" ? object[key] : null;

function toSummary(row: SummaryRow, filesCount: number): ConversationSummary {
  const extra = asObject(row.extraData);
  const tokens = {
    input_tokens: Number(row.inputTokens),
    output_tokens: Number(row.outputTokens),
    cache_read_tokens: Number(row.cacheReadTokens),
    cache_creation_tokens: Number(row.cacheCreationTokens),
  };
  return {
    id: row.id,
    collector_session_id: row.collectorSessionId,
    parent_conversation_id: row.parentConversationId,
    conversation_type: row.conversationType,
    project_id: row.projectId,
    project_name: row.project?.name ?? null,
    developer_id: row.developerId,
    developer: row.developer?.username ?? null,
    agent_type: row.agentType,
    agent_version: row.agentVersion,
    status: row.status,
    outcome: row.outcome,
    success: row.success,
    start_time: isoOrNull(row.startTime),
    end_time: isoOrNull(row.endTime),
    last_activity_at: iso(row.lastActivityAt),
    message_count: row.messageCount,
    tool_call_count: row.toolCallCount,
    files_count: filesCount,
    slug: stringField(extra, "slug"),
    git_branch: stringField(extra, "git_branch"),
    ...tokens,
    total_tokens:
      tokens.input_tokens + tokens.output_tokens + tokens.cache_read_tokens + tokens.cache_creation_tokens,
    cost_usd: row.costUsd === null ? null : row.costUsd.toNumber(),
    tags: asObject(row.tags),
  };
}

/** Distinct files touched per conversation, for a page of conversations. */
async function filesCounts(
  prisma: PrismaClient,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ conversation_id: string; files: bigint }[]>`
    SELECT conversation_id::text AS conversation_id, count(DISTINCT file_path) AS files
    FROM files_touched
    WHERE workspace_id = ${workspaceId}::uuid AND conversation_id = ANY(${ids}::uuid[])
    GROUP BY conversation_id`;
  return new Map(rows.map((row) => [row.conversation_id, Number(row.files)]));
}

export async function listConversations(
  prisma: PrismaClient,
  workspaceId: string,
  query: ConversationListQuery,
): Promise<z.output<typeof conversationListSchema>> {
  // The page's ids and the count in SQL (the tag and q filters need it), then the rows through Prisma.
  const where = listFilterSql(workspaceId, query);
  const [counted] = await prisma.$queryRaw<{ total: bigint }[]>`
    SELECT count(*) AS total FROM conversations c WHERE ${where}`;
  const total = Number(counted?.total ?? 0);
  const pageIds = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id::text AS id FROM conversations c WHERE ${where}
    ORDER BY c.last_activity_at DESC, c.id DESC
    LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`;
  const order = new Map(pageIds.map((row, index) => [row.id, index]));
  const rows = (
    await prisma.conversation.findMany({
      where: { workspaceId, id: { in: [...order.keys()] } },
      select: summarySelect,
    })
  ).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const children = await prisma.conversation.findMany({
    where: { workspaceId, parentConversationId: { in: rows.map((row) => row.id) } },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    select: summarySelect,
  });
  const files = await filesCounts(
    prisma,
    workspaceId,
    [...rows, ...children].map((row) => row.id),
  );
  const childrenOf = new Map<string, ConversationSummary[]>();
  for (const child of children) {
    const parent = child.parentConversationId ?? "";
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), toSummary(child, files.get(child.id) ?? 0)]);
  }
  return {
    items: rows.map((row) => ({
      ...toSummary(row, files.get(row.id) ?? 0),
      children: childrenOf.get(row.id) ?? [],
    })),
    total,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}

/** The conversation with this id in this workspace, or undefined (another workspace's id included). */
export async function getConversation(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
): Promise<ConversationDetail | undefined> {
  const row = await prisma.conversation.findFirst({
    where: { id, workspaceId },
    select: {
      ...summarySelect,
      epochs: {
        orderBy: { epochNumber: "asc" },
        select: {
          epochNumber: true,
          startSequence: true,
          startedAt: true,
          trigger: true,
          preTokens: true,
          summary: true,
        },
      },
    },
  });
  if (!row) return undefined;
  // One entry per file and kind of change (a long session edits the same files hundreds of times).
  const touched = await prisma.fileTouched.groupBy({
    by: ["filePath", "changeType"],
    where: { workspaceId, conversationId: row.id },
    orderBy: [{ filePath: "asc" }, { changeType: "asc" }],
    _count: { _all: true },
    _sum: { linesAdded: true, linesDeleted: true },
    _max: { touchedAt: true },
  });
  const children = await prisma.conversation.findMany({
    where: { workspaceId, parentConversationId: row.id },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    select: summarySelect,
  });
  const files = await filesCounts(prisma, workspaceId, [row.id, ...children.map((child) => child.id)]);
  return {
    ...toSummary(row, files.get(row.id) ?? 0),
    extra_data: asObject(row.extraData),
    epochs: row.epochs.map((epoch) => ({
      epoch_number: epoch.epochNumber,
      start_sequence: epoch.startSequence,
      started_at: isoOrNull(epoch.startedAt),
      trigger: epoch.trigger,
      pre_tokens: epoch.preTokens,
      summary: epoch.summary,
    })),
    files_touched: touched.map((file) => ({
      file_path: file.filePath,
      change_type: file.changeType,
      touches: file._count._all,
      lines_added: file._sum.linesAdded ?? 0,
      lines_deleted: file._sum.linesDeleted ?? 0,
      touched_at: isoOrNull(file._max.touchedAt),
    })),
    children: children.map((child) => toSummary(child, files.get(child.id) ?? 0)),
  };
}
