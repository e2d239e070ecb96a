// A small, realistic workspace for the dashboard's browser test: two projects, three developers, 30 main sessions
// (more than one page), one with two sub-agents, files touched, context windows, tags, summaries and a plan; and a
// second workspace for the switcher. Written straight to the test's database, like the other web tests' fixtures.
import { type PrismaClient } from "@catsyphon/db";
import { conversation, workspaceWithMembers } from "./fixtures";

export interface DashboardCorpus {
  workspaceId: string;
  owner: { id: string; email: string };
  viewer: { id: string; email: string };
  richId: string;
  childIds: string[];
}

const AGENTS = ["claude_code", "codex", "gemini"] as const;
const SLUGS = ["quiet-river", "amber-fox", "bold-heron", "calm-delta", "brisk-maple", "clever-otter"];

export async function seedDashboardCorpus(prisma: PrismaClient): Promise<DashboardCorpus> {
  const { workspace, users } = await workspaceWithMembers(prisma, "Platform team");
  const other = await workspaceWithMembers(prisma, "Mobile team");
  await prisma.membership.create({
    data: { workspaceId: other.workspace.id, userId: users.owner.id, role: "viewer" },
  });
  const workspaceId = workspace.id;
  const projects = await Promise.all(
    ["checkout-api", "web-app"].map((name) =>
      prisma.project.create({
        data: { workspaceId, name, directoryPath: `/home/ada/src/${name}` },
        select: { id: true },
      }),
    ),
  );
  const developers = await Promise.all(
    ["ada", "grace", "linus"].map((username) =>
      prisma.developer.create({ data: { workspaceId, username }, select: { id: true } }),
    ),
  );
  const base = Date.UTC(2026, 10, 28, 9);
  const hour = 3_600_000;
  for (let index = 0; index < 29; index += 1) {
    const start = new Date(base - index * 5 * hour);
    await conversation(prisma, {
      workspaceId,
      projectId: projects[index % 2]?.id,
      developerId: developers[index % 3]?.id,
      agentType: AGENTS[index % 3],
      status: index === 0 ? "active" : "completed",
      success: index === 0 ? null : index % 7 === 3 ? false : true,
      startTime: start,
      lastActivityAt: new Date(start.getTime() + 40 * 60_000),
      tokens: [12_000 + index * 900, 3_400 + index * 120, 80_000 + index * 5_000, 6_000],
      costUsd: (0.42 + index * 0.137).toFixed(4),
      extraData: {
        slug: `${SLUGS[index % SLUGS.length]}-${index + 1}`,
        git_branch: index % 4 === 0 ? "main" : `feature/task-${100 + index}`,
        working_directory: `/home/ada/src/${index % 2 === 0 ? "checkout-api" : "web-app"}`,
      },
    });
  }
  // The richest session: the most recent activity, sub-agents, files, epochs, tags, summaries, a plan.
  const rich = await conversation(prisma, {
    workspaceId,
    projectId: projects[0]?.id,
    developerId: developers[0]?.id,
    agentType: "claude_code",
    status: "completed",
    success: true,
    startTime: new Date(base + 2 * hour),
    lastActivityAt: new Date(base + 4 * hour),
    tokens: [48_210, 9_875, 1_204_330, 64_120],
    costUsd: "3.8125",
    extraData: {
      slug: "fix-payment-retries",
      git_branch: "fix/payment-retries",
      working_directory: "/home/ada/src/checkout-api",
      summaries: [
        { summary: "Made payment retries idempotent and added a regression test", leafUuid: "u-1" },
      ],
      plans: [
        {
          plan_file_path: "~/.claude/plans/payment-retries.md",
          status: "approved",
          iteration_count: 2,
          initial_content: "1. Reproduce\n2. Fix",
          final_content: "1. Reproduce the double charge\n2. Key retries by idempotency key\n3. Add a test",
        },
      ],
    },
  });
  await prisma.conversation.update({
    where: { id: rich.id },
    data: {
      agentVersion: "2.1.3",
      messageCount: 186,
      toolCallCount: 61,
      tags: { intent: "bug_fix", outcome: "success", languages: ["ts", "sql"], has_errors: true },
    },
  });
  const childIds: string[] = [];
  for (const [offset, slug] of [
    [1, "explore-retry-paths"],
    [2, "write-regression-test"],
  ] as const) {
    const child = await conversation(prisma, {
      workspaceId,
      parentId: rich.id,
      projectId: projects[0]?.id,
      developerId: developers[0]?.id,
      startTime: new Date(base + (2 + offset * 0.5) * hour),
      tokens: [2_000 * offset, 500, 10_000, 0],
      costUsd: (0.05 * offset).toFixed(4),
      extraData: { slug, git_branch: "fix/payment-retries" },
    });
    childIds.push(child.id);
  }
  await prisma.fileTouched.createMany({
    data: [
      {
        workspaceId,
        conversationId: rich.id,
        sourceSequence: 4,
        filePath: "src/payments/retry.ts",
        changeType: "read",
      },
      {
        workspaceId,
        conversationId: rich.id,
        sourceSequence: 9,
        filePath: "src/payments/retry.ts",
        changeType: "edit",
        linesAdded: 24,
        linesDeleted: 7,
      },
      {
        workspaceId,
        conversationId: rich.id,
        sourceSequence: 15,
        filePath: "test/payments/retry.test.ts",
        changeType: "create",
        linesAdded: 58,
      },
    ],
  });
  await prisma.epoch.createMany({
    data: [
      { conversationId: rich.id, epochNumber: 1, startSequence: 1, startedAt: new Date(base + 2 * hour) },
      {
        conversationId: rich.id,
        epochNumber: 2,
        startSequence: 120,
        startedAt: new Date(base + 3 * hour),
        trigger: "auto",
        preTokens: 155_000,
        summary: "compacted",
      },
    ],
  });
  return { workspaceId, owner: users.owner, viewer: users.viewer, richId: rich.id, childIds };
}
