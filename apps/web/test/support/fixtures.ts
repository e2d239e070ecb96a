// Rows the tests need, written straight to the test file's own database: workspaces, users with roles, and
// conversations (the write path that produces conversations is the ingest worker's, tested in its own package).
import { createUser, createWorkspace } from "@catsyphon/accounts";
import { createPrismaClient, type MembershipRole, type Prisma, type PrismaClient } from "@catsyphon/db";
import { randomUUID } from "node:crypto";

export const PASSWORD = "a long test password";

export function testPrisma(url: string): PrismaClient {
  return createPrismaClient({ databaseUrl: url, poolSize: 2, applicationName: "web-test" });
}

export async function workspaceWithMembers(prisma: PrismaClient, name: string) {
  const workspace = await createWorkspace(prisma, { name });
  const users = {} as Record<MembershipRole, { id: string; email: string }>;
  for (const role of ["owner", "admin", "member", "viewer"] as const) {
    const email = `${role}@${workspace.slug}.example`;
    const created = await createUser(prisma, {
      email,
      password: PASSWORD,
      workspaceSlug: workspace.slug,
      role,
    });
    users[role] = { id: created.userId, email };
  }
  return { workspace, users };
}

export async function conversation(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    parentId?: string;
    projectId?: string;
    developerId?: string;
    agentType?: string;
    status?: "active" | "completed";
    success?: boolean | null;
    startTime?: Date;
    lastActivityAt?: Date;
    tokens?: [number, number, number, number];
    costUsd?: string | null;
    extraData?: Prisma.InputJsonObject;
    tags?: Prisma.InputJsonObject;
  },
) {
  const [input_tokens, output_tokens, cache_read, cache_creation] = input.tokens ?? [100, 50, 10, 5];
  return prisma.conversation.create({
    data: {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      collectorSessionId: randomUUID(),
      agentType: input.agentType ?? "claude_code",
      conversationType: input.parentId ? "agent" : "main",
      parentConversationId: input.parentId ?? null,
      projectId: input.projectId ?? null,
      developerId: input.developerId ?? null,
      status: input.status ?? "completed",
      success: input.success === undefined ? true : input.success,
      startTime: input.startTime ?? new Date("2026-11-20T10:00:00Z"),
      lastActivityAt: input.lastActivityAt ?? input.startTime ?? new Date("2026-11-20T11:00:00Z"),
      messageCount: 4,
      toolCallCount: 1,
      inputTokens: input_tokens,
      outputTokens: output_tokens,
      cacheReadTokens: cache_read,
      cacheCreationTokens: cache_creation,
      costUsd: input.costUsd === undefined ? "0.0125" : input.costUsd,
      extraData: input.extraData ?? {
        slug: "quiet-river",
        git_branch: "main",
        working_directory: "/home/ada/app",
      },
      tags: input.tags ?? {},
    },
    select: { id: true },
  });
}
