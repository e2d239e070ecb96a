import {
  sessionCompleteRequestSchema,
  sessionIdSchema,
  type SessionCompleteResponse,
  type SessionStatus,
} from "@catsyphon/protocol";
import { Router, type Request } from "express";
import { authenticateCollector } from "../auth/authenticate";
import { type AppContext } from "../context";
import { usingDatabase, usingRedis } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { conversationIdFor } from "../sequencing/conversation-id";
import { enforceRateLimit } from "./events";
import { parseBody } from "./parse-body";

function sessionIdParam(req: Request): string {
  const parsed = sessionIdSchema.safeParse(req.params.sessionId);
  if (!parsed.success) throw new ApiError("invalid_body", "The session id in the path is not valid");
  return parsed.data;
}

export function sessionRoutes(context: AppContext): Router {
  const router = Router();

  /** Where a collector resumes: the last accepted sequence (Redis, else Postgres) and the session's state. */
  async function sessionStatus(workspaceId: string, sessionId: string): Promise<SessionStatus> {
    const conversationId = conversationIdFor(workspaceId, sessionId);
    const [last, conversation] = await Promise.all([
      usingRedis(() => context.sequencer.peek(conversationId)),
      usingDatabase(() =>
        context.prisma.conversation.findUnique({
          where: { id: conversationId },
          select: {
            status: true,
            agentType: true,
            startTime: true,
            lastActivityAt: true,
            messageCount: true,
            lastEventSequence: true,
          },
        }),
      ),
    ]);
    if (last === null && !conversation) {
      throw new ApiError("not_found", `No session ${JSON.stringify(sessionId)} has been received`);
    }
    const firstEventAt = conversation?.startTime?.toISOString() ?? null;
    return {
      session_id: sessionId,
      conversation_id: conversationId,
      last_sequence: last ?? conversation?.lastEventSequence ?? 0,
      // Message rows written so far (what the original counts): before the worker ran, 0, never null.
      event_count: conversation?.messageCount ?? 0,
      first_event_at: firstEventAt,
      last_event_at: conversation?.lastActivityAt.toISOString() ?? null,
      status: conversation?.status ?? "active",
      agent_type: conversation?.agentType ?? null,
      started_at: firstEventAt,
    };
  }

  router.get("/collectors/sessions/:sessionId", async (req, res) => {
    const collector = await authenticateCollector(req, context.auth);
    await enforceRateLimit(context, collector, res, 0);
    res.setHeader("Cache-Control", "no-store");
    res.json(await sessionStatus(collector.workspaceId, sessionIdParam(req)));
  });

  // Completion travels through the queue, after the batches accepted before it, so the worker applies it in
  // order (a late batch cannot reopen a session that was completed after it). The answer is 200, as the
  // original's clients require: the request is durably queued, and the worker applies it behind the batches.
  router.post("/collectors/sessions/:sessionId/complete", async (req, res) => {
    const requestedAt = new Date();
    const collector = await authenticateCollector(req, context.auth);
    await enforceRateLimit(context, collector, res, 0);
    const sessionId = sessionIdParam(req);
    const body = parseBody(sessionCompleteRequestSchema, req.body ?? {});
    const status = await sessionStatus(collector.workspaceId, sessionId);
    await usingRedis(() =>
      context.producer.enqueueCompleteSession({
        workspace_id: collector.workspaceId,
        conversation_id: status.conversation_id,
        session_id: sessionId,
        outcome: body.outcome,
        ...(body.summary === undefined ? {} : { summary: body.summary }),
        up_to_sequence: status.last_sequence,
        requested_at: requestedAt.toISOString(),
        request_id: String(req.id),
      }),
    );
    const response: SessionCompleteResponse = {
      session_id: sessionId,
      conversation_id: status.conversation_id,
      status: "completed",
      outcome: body.outcome,
      total_events: status.last_sequence,
    };
    res.status(200).json(response);
  });

  return router;
}
