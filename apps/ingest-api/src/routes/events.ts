import { decideSequencing, type EventBatchAccepted } from "@catsyphon/protocol";
import { parseEventBatch } from "@catsyphon/queue";
import { Router, type Response } from "express";
import { authenticateCollector, type CollectorPrincipal } from "../auth/authenticate";
import { type AppContext } from "../context";
import { usingRedis } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { conversationIdFor } from "../sequencing/conversation-id";
import { validBody } from "./parse-body";

// Concurrent submissions for one session race on the counter's compare-and-set; each loser re-reads and retries.
const MAX_SEQUENCING_ROUNDS = 50;

export function eventRoutes(context: AppContext): Router {
  const router = Router();

  router.post("/collectors/events", async (req, res) => {
    const receivedAt = new Date();
    const collector = await authenticateCollector(req, context.auth);
    // Validated once: the producer takes this batch's events without parsing them again.
    const parsed = parseEventBatch(req.body);
    // An invalid batch counts against the collector's limits too, and a limited collector hears 429 first.
    if (!parsed.success) await enforceRateLimit(context, collector, res, eventCount(req.body));
    const batch = validBody(parsed);
    const conversationId = conversationIdFor(collector.workspaceId, batch.session_id);
    // Both at once (one write to Redis, one wait): the counter read is only a first guess that the compare-and-set
    // below checks, so reading it before the rate limit has answered is safe.
    const [, counter] = await Promise.all([
      enforceRateLimit(context, collector, res, batch.events.length),
      usingRedis(() => context.sequencer.cachedLastSequence(conversationId)),
    ]);
    if (batch.events.length > context.env.MAX_EVENTS_PER_BATCH) {
      throw new ApiError(
        "payload_too_large",
        `A batch may hold at most ${context.env.MAX_EVENTS_PER_BATCH} events; split it`,
      );
    }

    const sequences = batch.events.map((event) => event.sequence);

    for (let round = 0; round < MAX_SEQUENCING_ROUNDS; round += 1) {
      const last =
        round === 0 && counter !== null
          ? counter
          : await usingRedis(() => context.sequencer.lastSequence(conversationId));
      const decision = decideSequencing(last, sequences);
      if (decision.kind === "gap") {
        throw new ApiError(
          "sequence_gap",
          `Expected sequence ${decision.expectedSequence} next` +
            (decision.missingSequence !== decision.expectedSequence
              ? ` (the batch skips ${decision.missingSequence})`
              : "") +
            "; resend from expected_sequence",
          { extra: { expected_sequence: decision.expectedSequence, last_sequence: decision.lastSequence } },
        );
      }
      if (decision.accepted > 0) {
        // The job id is a function of the session and the range, so a retry of this very range adds nothing.
        await usingRedis(() =>
          context.producer.enqueueValidatedIngestBatch({
            workspace_id: collector.workspaceId,
            collector_id: collector.collectorId,
            source: collector.source,
            conversation_id: conversationId,
            first_sequence: last + 1,
            last_sequence: decision.lastSequence,
            server_received_at: receivedAt.toISOString(),
            batch,
          }),
        );
        const advanced = await usingRedis(() =>
          context.sequencer.advance(conversationId, last, decision.lastSequence),
        );
        if (!advanced) continue;
      }
      const body: EventBatchAccepted = {
        accepted: decision.accepted,
        duplicates: decision.duplicates,
        last_sequence: decision.lastSequence,
        conversation_id: conversationId,
        warnings:
          decision.duplicates > 0
            ? [
                `${decision.duplicates} event(s) at or below sequence ${last} were already accepted and were dropped`,
              ]
            : [],
      };
      res.status(202).json(body);
      return;
    }
    throw new ApiError("service_unavailable", "Too many concurrent submissions for this session; retry", {
      headers: { "Retry-After": "1" },
    });
  });

  return router;
}

function eventCount(body: unknown): number {
  const events = (body as { events?: unknown } | undefined)?.events;
  return Array.isArray(events) ? events.length : 0;
}

export async function enforceRateLimit(
  context: AppContext,
  collector: CollectorPrincipal,
  res: Response,
  events: number,
): Promise<void> {
  if (!context.rateLimiter.enabled) return;
  const decision = await usingRedis(() => context.rateLimiter.take(collector.collectorId, events));
  for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
  if (!decision.allowed) {
    throw new ApiError(
      "rate_limited",
      `Rate limit of ${decision.limitedBy === "events" ? "events" : "requests"} per minute reached for this collector; retry after ${decision.headers["Retry-After"]} s`,
      { headers: decision.headers },
    );
  }
}
