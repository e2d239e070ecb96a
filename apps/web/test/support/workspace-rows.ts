// One workspace's rows for the access walk: a conversation with its project and developer to read, and a fresh row
// of each kind a call changes or removes (collectors, API tokens, invites, members, parked ingestion jobs), all
// written straight to the database. `footprint` is what a refused call must leave as it was.
import { createUser, createWorkspaceApiToken } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { randomUUID } from "node:crypto";
import { conversation, PASSWORD } from "./fixtures";

export interface WorkspaceRows {
  workspaceId: string;
  conversationId: string;
  projectId: string;
  developerId: string;
  collector(): Promise<string>;
  apiToken(): Promise<string>;
  invite(): Promise<string>;
  /** A new viewer of the workspace; its user id. */
  member(): Promise<string>;
  /** A new viewer of the workspace (password PASSWORD); its email. */
  memberEmail(): Promise<string>;
  /** A parked (failed) batch's ingestion_jobs row; the queue holds no such job. */
  ingestionJob(): Promise<string>;
  /** A live share link of the conversation. */
  shareLink(): Promise<string>;
}

const unique = () => randomUUID().slice(0, 8);

export async function workspaceRows(
  prisma: PrismaClient,
  workspace: { id: string; slug: string },
): Promise<WorkspaceRows> {
  const workspaceId = workspace.id;
  const project = await prisma.project.create({
    data: { workspaceId, name: "app", directoryPath: `/home/ada/${workspace.slug}/app` },
    select: { id: true },
  });
  const developer = await prisma.developer.create({
    data: { workspaceId, username: `ada-${workspace.slug}` },
    select: { id: true },
  });
  const newViewer = async () => {
    const email = `member-${unique()}@${workspace.slug}.example`;
    const created = await createUser(prisma, {
      email,
      password: PASSWORD,
      workspaceSlug: workspace.slug,
      role: "viewer",
    });
    return { userId: created.userId, email };
  };
  const read = await conversation(prisma, { workspaceId, projectId: project.id, developerId: developer.id });
  return {
    workspaceId,
    conversationId: read.id,
    projectId: project.id,
    developerId: developer.id,
    collector: async () => {
      const host = `host-${unique()}`;
      const row = await prisma.collectorConfig.create({
        data: {
          workspaceId,
          collectorType: "watcher",
          collectorVersion: "1.0.0",
          hostname: host,
          apiKeyHash: `hash-${host}`,
          apiKeyPrefix: `cs_test_${host.slice(5, 9)}`,
        },
        select: { id: true },
      });
      return row.id;
    },
    apiToken: async () =>
      (
        await createWorkspaceApiToken(prisma, {
          workspaceId,
          name: `token-${unique()}`,
          scopes: ["read"],
          expiresAt: null,
        })
      ).id,
    invite: async () => {
      const email = `invitee-${unique()}@${workspace.slug}.example`;
      const row = await prisma.invitation.create({
        data: {
          workspaceId,
          email,
          role: "viewer",
          tokenHash: `hash-${email}`,
          expiresAt: new Date(Date.now() + 86_400_000),
        },
        select: { id: true },
      });
      return row.id;
    },
    member: async () => (await newViewer()).userId,
    memberEmail: async () => (await newViewer()).email,
    ingestionJob: async () => {
      const row = await prisma.ingestionJob.create({
        data: { workspaceId, queueJobId: `walk-${randomUUID()}`, status: "failed", receivedAt: new Date() },
        select: { id: true },
      });
      return row.id;
    },
    shareLink: async () => {
      const row = await prisma.shareLink.create({
        data: {
          workspaceId,
          conversationId: read.id,
          tokenHash: `hash-${randomUUID()}`,
          expiresAt: new Date(Date.now() + 86_400_000),
        },
        select: { id: true },
      });
      return row.id;
    },
  };
}

/** Everything a call of the walk could change in a workspace (tags included); equal before and after a refused call. */
export async function footprint(prisma: PrismaClient, workspaceId: string) {
  const [members, tokens, collectors, invites, jobs, passwords, tags, shareLinks, shareSettings] =
    await Promise.all([
      prisma.membership.findMany({
        where: { workspaceId },
        select: { userId: true, role: true },
        orderBy: { userId: "asc" },
      }),
      prisma.apiToken.findMany({
        where: { workspaceId },
        select: { id: true, revokedAt: true },
        orderBy: { id: "asc" },
      }),
      prisma.collectorConfig.findMany({
        where: { workspaceId },
        select: { id: true, revokedAt: true, apiKeyHash: true },
        orderBy: { id: "asc" },
      }),
      prisma.invitation.findMany({
        where: { workspaceId },
        select: { id: true, revokedAt: true, acceptedAt: true },
        orderBy: { id: "asc" },
      }),
      prisma.ingestionJob.findMany({
        where: { workspaceId },
        select: { id: true, status: true },
        orderBy: { id: "asc" },
      }),
      prisma.user.findMany({
        where: { memberships: { some: { workspaceId } } },
        select: { id: true, passwordHash: true },
        orderBy: { id: "asc" },
      }),
      prisma.conversation.findMany({
        where: { workspaceId },
        select: { id: true, tags: true },
        orderBy: { id: "asc" },
      }),
      prisma.shareLink.findMany({
        where: { workspaceId },
        select: { id: true, revokedAt: true },
        orderBy: { id: "asc" },
      }),
      prisma.workspace.findUnique({ where: { id: workspaceId }, select: { publicShareLinks: true } }),
    ]);
  return { members, tokens, collectors, invites, jobs, passwords, tags, shareLinks, shareSettings };
}
