// Tags one conversation: rule tags first (written at once, so they stand whatever the LLM does), then, when the
// LLM is on, the session is not trivial and the workspace is not paused, the LLM's judgement (from the cache
// when the compacted content is unchanged), merged over them.
import { type PrismaClient } from "@catsyphon/db";
import { type Logger } from "@catsyphon/logger";
import { UnrecoverableJobError } from "@catsyphon/queue";
import type OpenAI from "openai";

import { PROMPT_VERSION, SCHEMA_VERSION, type LlmAnswer } from "./llm/answer";
import { InvalidLlmAnswerError, requestLlmAnswer, type LlmSettings } from "./llm/client";
import { classifyLlmError } from "./llm/errors";
import { costOf, type ModelPrice } from "./llm/pricing";
import { type LlmStatus } from "./merge";
import { type TaggerMetrics } from "./http/metrics";
import { compactTranscript } from "./prompt/compact";
import { computeRuleTags, reportedOutcome, RULES_VERSION } from "./rules/rule-tags";
import { recordAnalysisRun } from "./store/analysis-runs";
import { readCachedAnswer, tagCacheKey, writeCachedAnswer } from "./store/cache";
import { loadTranscript } from "./store/load-transcript";
import { activePause, pauseWorkspace } from "./store/pause";
import { parseStoredTags, writeTags } from "./store/write-tags";

export interface TaggingSettings {
  /** undefined: LLM tagging is off (no OPENAI_BASE_URL and no OPENAI_API_KEY). */
  llm: { client: OpenAI; settings: LlmSettings; price: ModelPrice | undefined } | undefined;
  maxInputChars: number;
  minMessages: number;
  pauseMinutes: number;
  cacheTtlDays: number;
}

export interface TaggingResult {
  tagged: boolean;
  llm_status?: LlmStatus;
  prompt_chars?: number;
}

/** Thrown (and retried by the queue with backoff) when the LLM failed for a passing reason. */
export class TransientLlmError extends Error {}

export async function tagConversation(
  prisma: PrismaClient,
  settings: TaggingSettings,
  job: { workspace_id: string; conversation_id: string },
  context: { logger: Logger; metrics: TaggerMetrics; signal?: AbortSignal },
): Promise<TaggingResult> {
  const transcript = await loadTranscript(prisma, job.workspace_id, job.conversation_id);
  if (!transcript) return { tagged: false };
  const previous = parseStoredTags(transcript.storedTags);
  const rules = computeRuleTags(
    transcript,
    reportedOutcome(transcript.outcome, previous._meta?.outcome_written),
  );
  const write = async (llm: LlmAnswer | undefined, llmStatus: LlmStatus, final = true) => {
    await writeTags(prisma, transcript.conversationId, {
      rules,
      llm,
      llmStatus,
      model: settings.llm?.settings.model,
      taggedAt: new Date(),
    });
    if (final) context.metrics.tagged(llm ? "llm" : "rules");
  };
  const llm = settings.llm;
  if (!llm) {
    await write(undefined, "disabled");
    return { tagged: true, llm_status: "disabled" };
  }
  if (transcript.messages.length < settings.minMessages) {
    await write(undefined, "trivial");
    return { tagged: true, llm_status: "trivial" };
  }
  const pause = await activePause(prisma, job.workspace_id);
  if (pause) {
    await write(undefined, "paused");
    return { tagged: true, llm_status: "paused" };
  }
  const prompt = compactTranscript(transcript, rules, settings.maxInputChars);
  const { model, baseUrl } = llm.settings;
  const cacheKey = tagCacheKey({
    rulesVersion: RULES_VERSION,
    promptVersion: PROMPT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    model,
    baseUrl,
    compactedInput: prompt,
  });
  const run = {
    workspaceId: job.workspace_id,
    conversationId: transcript.conversationId,
    model,
    promptVersion: PROMPT_VERSION,
  };
  const cached = await readCachedAnswer(prisma, cacheKey);
  if (cached) {
    context.metrics.cacheHit();
    await recordAnalysisRun(prisma, {
      ...run,
      status: "succeeded",
      cacheHit: true,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: 0,
      error: null,
      result: cached,
    });
    await write(cached, "cached");
    return { tagged: true, llm_status: "cached", prompt_chars: prompt.length };
  }
  // Rule tags stand from here on, whatever the LLM does.
  await write(undefined, "pending", false);
  try {
    const { answer } = await requestLlmAnswer(
      llm.client,
      llm.settings,
      prompt,
      async (call) => {
        const costUsd = costOf(llm.price, call.inputTokens ?? 0, call.outputTokens ?? 0);
        context.metrics.llmCall(call, costUsd);
        await recordAnalysisRun(prisma, {
          ...run,
          status: call.status,
          cacheHit: false,
          inputTokens: call.inputTokens,
          outputTokens: call.outputTokens,
          costUsd,
          latencyMs: call.latencyMs,
          error: call.error,
          result: call.answer,
        });
      },
      context.signal,
    );
    await writeCachedAnswer(prisma, {
      cacheKey,
      model,
      promptVersion: PROMPT_VERSION,
      answer,
      ttlDays: settings.cacheTtlDays,
    });
    await write(answer, "ok");
    return { tagged: true, llm_status: "ok", prompt_chars: prompt.length };
  } catch (error) {
    if (error instanceof InvalidLlmAnswerError) {
      context.metrics.llmFailure("invalid_answer");
      context.logger.warn({ problem: error.message }, "the LLM's answer was invalid twice; rule tags stand");
      await write(undefined, "failed");
      return { tagged: true, llm_status: "failed", prompt_chars: prompt.length };
    }
    const failure = classifyLlmError(error);
    context.metrics.llmFailure(failure.kind);
    if (failure.kind === "auth" || failure.kind === "quota") {
      const resumeAt = await pauseWorkspace(prisma, job.workspace_id, {
        reason: failure.kind,
        error: failure.message,
        minutes: settings.pauseMinutes,
      });
      context.metrics.paused();
      context.logger.error(
        {
          reason: failure.kind,
          status: failure.status,
          resume_at: resumeAt.toISOString(),
          error: failure.message,
        },
        "the LLM refused the credentials or quota; LLM tagging of this workspace is paused",
      );
      await write(undefined, "paused");
      return { tagged: true, llm_status: "paused", prompt_chars: prompt.length };
    }
    await write(undefined, "failed");
    if (failure.kind === "rejected") {
      context.logger.warn(
        { status: failure.status, error: failure.message },
        "the LLM rejected the request; rule tags stand",
      );
      throw new UnrecoverableJobError(`the LLM rejected the request: ${failure.message}`, { cause: error });
    }
    throw new TransientLlmError(`the LLM is unavailable: ${failure.message}`, { cause: error });
  }
}
