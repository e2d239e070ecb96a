// Live events for the dashboards (DESIGN §6), appended to the Redis stream of packages/queue only after the rows
// they announce are committed. A lost event costs a dashboard nothing but a delay: it refetches on resync and
// polls as a fallback, so failing to append is logged, never retried or fatal.
import { type Logger } from "@catsyphon/logger";
import { appendLiveEvent, type LiveEvent, publicFailureReason } from "@catsyphon/queue";
import { type RedisClient } from "@catsyphon/queue";
import { type ConversationState } from "./ingest/apply-batch";

export interface LiveEventPublisher {
  conversationWritten(workspaceId: string, conversationId: string, state: ConversationState): Promise<void>;
  batchParked(input: {
    workspaceId: string;
    jobId: string;
    conversationId: string | null;
    sessionId: string | null;
    error: string;
  }): Promise<void>;
}

export function liveEventPublisher(
  redis: RedisClient,
  options: { prefix: string; maxLength: number; logger: Logger },
): LiveEventPublisher {
  const append = async (event: LiveEvent) => {
    await appendLiveEvent(redis, options.prefix, event, options.maxLength).catch((error: unknown) =>
      options.logger.warn({ err: error, type: event.type }, "could not publish a live event"),
    );
  };
  return {
    conversationWritten: (workspaceId, conversationId, state) =>
      append({
        type: state.created ? "conversation.created" : "conversation.updated",
        workspace_id: workspaceId,
        conversation_id: conversationId,
        parent_conversation_id: state.parentConversationId,
        status: state.status,
        last_sequence: state.lastSequence,
      }),
    batchParked: (input) =>
      append({
        type: "ingestion.failed",
        workspace_id: input.workspaceId,
        job_id: input.jobId,
        conversation_id: input.conversationId,
        session_id: input.sessionId,
        reason: publicFailureReason(input.error),
      }),
  };
}
