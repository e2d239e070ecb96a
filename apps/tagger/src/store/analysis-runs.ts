import { type PrismaClient } from "@catsyphon/db";

export interface AnalysisRunRow {
  workspaceId: string;
  conversationId: string;
  status: string;
  model: string;
  promptVersion: number;
  cacheHit: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  error: string | null;
  result: unknown;
}

/** One analysis_runs row (kind "llm_tags") per LLM request or cache hit. */
export async function recordAnalysisRun(prisma: PrismaClient, run: AnalysisRunRow): Promise<void> {
  await prisma.analysisRun.create({
    data: {
      workspaceId: run.workspaceId,
      conversationId: run.conversationId,
      kind: "llm_tags",
      status: run.status,
      model: run.model,
      promptVersion: String(run.promptVersion),
      cacheHit: run.cacheHit,
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      costUsd: run.costUsd,
      latencyMs: run.latencyMs,
      error: run.error,
      result: run.result === null || run.result === undefined ? undefined : (run.result as object),
    },
  });
}
