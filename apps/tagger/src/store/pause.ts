// A workspace's LLM tagging paused after the provider refused its credentials or quota; it resumes on its own
// once resume_at has passed (the next job finds the pause expired and removes it).
import { type PrismaClient } from "@catsyphon/db";

export interface TaggerPauseState {
  reason: string;
  error: string;
  resumeAt: Date;
}

/** The pause in force, if any; an expired one is removed (tagging resumes). */
export async function activePause(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<TaggerPauseState | undefined> {
  const pause = await prisma.taggerPause.findUnique({ where: { workspaceId } });
  if (!pause) return undefined;
  if (pause.resumeAt.getTime() > Date.now()) return pause;
  await prisma.taggerPause.deleteMany({ where: { workspaceId, resumeAt: { lte: new Date() } } });
  return undefined;
}

export async function pauseWorkspace(
  prisma: PrismaClient,
  workspaceId: string,
  state: { reason: string; error: string; minutes: number },
): Promise<Date> {
  const resumeAt = new Date(Date.now() + state.minutes * 60_000);
  const data = { reason: state.reason, error: state.error.slice(0, 1_000), pausedAt: new Date(), resumeAt };
  await prisma.taggerPause.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
  return resumeAt;
}

/** Workspaces paused now, for /metrics. */
export async function countActivePauses(prisma: PrismaClient): Promise<number> {
  return prisma.taggerPause.count({ where: { resumeAt: { gt: new Date() } } });
}
