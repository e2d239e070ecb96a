import "server-only";
// Whether apps/tagger has paused LLM tagging for a workspace (a pause row whose resume_at is still ahead).
import { type PrismaClient } from "@catsyphon/db";
import { type TaggerStatus } from "./schemas";

export async function taggerStatus(
  prisma: PrismaClient,
  workspaceId: string,
  now = new Date(),
): Promise<TaggerStatus> {
  const pause = await prisma.taggerPause.findFirst({ where: { workspaceId, resumeAt: { gt: now } } });
  if (!pause) return { paused: false, pause: null };
  return {
    paused: true,
    pause: {
      reason: pause.reason,
      error: pause.error,
      paused_at: pause.pausedAt.toISOString(),
      resume_at: pause.resumeAt.toISOString(),
    },
  };
}
