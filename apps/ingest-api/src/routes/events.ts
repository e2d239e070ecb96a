import { type EventBatchAccepted, isSequencedBatch } from "@catsyphon/protocol";
import { parseEventBatch, type SequencedBatchEvent } from "@catsyphon/queue";
import { Router, type Response } from "express";
import { authenticateCollector, type CollectorPrincipal } from "../auth/authenticate";
import { type AppContext } from "../context";
import { usingRedis } from "../dependencies/guard";
import { ApiError } from "../http/api-error";
import { conversationIdFor } from "../sequencing/conversation-id";
import { eventIdentities, IDENTITY_BYTES } from "../sequencing/event-identity";
import { validBody } from "./parse-body";

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
    const limited = enforceRateLimit(context, collector, res, batch.events.length);
    // Hashed while the rate limit's answer travels.
    const identities = eventIdentities(batch.events);
    await limited;
    if (batch.events.length > context.env.MAX_EVENTS_PER_BATCH) {
      throw new ApiError(
        "payload_too_large",
        `A batch may hold at most ${context.env.MAX_EVENTS_PER_BATCH} events; split it`,
      );
    }

    // The script checks and records in one step (decision 0024), and only then is the job added: a batch that
    // lost the race for a range never has its content queued under that range. A failure between the two leaves
    // the events recorded but not queued; the client's retry finds them identical and queues them again
    // (toEnqueue), so a 202 still means queued.
    let accepted: number;
    let lastSequence: number;
    let previous: number;
    let candidates: { event: SequencedBatchEvent; index: number; fresh: boolean }[];
    const sequenced = isSequencedBatch(batch);
    if (sequenced) {
      const sequences = batch.events.map((event) => event.sequence ?? 0);
      const outcome = await usingRedis(() =>
        context.sequencer.submitSequenced(conversationId, sequences, identities),
      );
      if (outcome.kind === "gap") {
        const missing = firstMissing(outcome.lastSequence, sequences);
        throw new ApiError(
          "sequence_gap",
          `Expected sequence ${outcome.lastSequence + 1} next` +
            (missing !== outcome.lastSequence + 1 ? ` (the batch skips ${missing})` : "") +
            "; resend from expected_sequence",
          { extra: { expected_sequence: outcome.lastSequence + 1, last_sequence: outcome.lastSequence } },
        );
      }
      if (outcome.kind === "conflict") {
        throw new ApiError(
          "session_conflict",
          `The event at sequence ${outcome.sequence} differs from the one this session already holds there: ` +
            "another source (a second log file or machine) sends the same session id. Nothing of the batch " +
            "was accepted",
          { extra: { first_conflicting_sequence: outcome.sequence, last_sequence: outcome.lastSequence } },
        );
      }
      ({ accepted, lastSequence, previousLastSequence: previous } = outcome);
      candidates = batch.events.flatMap((event, index) => {
        const flag = outcome.flags[index];
        return flag === "u" ? [] : [{ event: event as SequencedBatchEvent, index, fresh: flag === "n" }];
      });
    } else {
      const outcome = await usingRedis(() => context.sequencer.submitUnsequenced(conversationId, identities));
      ({ accepted, lastSequence, previousLastSequence: previous } = outcome);
      const seen = new Set<number>();
      candidates = [];
      batch.events.forEach((event, index) => {
        const assigned = outcome.sequences[index] ?? 0;
        const sequence = Math.abs(assigned);
        if (sequence === 0 || seen.has(sequence)) return;
        seen.add(sequence);
        candidates.push({ event: { ...event, sequence }, index, fresh: assigned > 0 });
      });
      candidates.sort((a, b) => a.event.sequence - b.event.sequence);
    }

    const job = toEnqueue(candidates, accepted);
    if (job.length > 0) {
      const first = job[0]?.event.sequence ?? 0;
      await usingRedis(() =>
        context.producer.enqueueValidatedIngestBatch({
          workspace_id: collector.workspaceId,
          collector_id: collector.collectorId,
          source: collector.source,
          conversation_id: conversationId,
          first_sequence: first,
          last_sequence: first + job.length - 1,
          server_received_at: receivedAt.toISOString(),
          event_hashes: hexOf(identities, job),
          batch,
          events: job.map((candidate) => candidate.event),
          request_id: String(req.id),
        }),
      );
    }
    const duplicates = batch.events.length - accepted;
    context.metrics.batchesAccepted.inc();
    context.metrics.eventsAccepted.inc(accepted);
    context.metrics.duplicateEvents.inc(duplicates);
    const body: EventBatchAccepted = {
      accepted,
      duplicates,
      last_sequence: lastSequence,
      conversation_id: conversationId,
      warnings:
        duplicates === 0
          ? []
          : sequenced
            ? [
                `${duplicates} event(s) at or below sequence ${previous} were already accepted and were dropped`,
              ]
            : [`${duplicates} event(s) the session already holds (or repeated in the batch) were dropped`],
    };
    res.status(202).json(body);
  });

  return router;
}

/**
 * The events to queue: the new ones (contiguous by construction). A batch with nothing new re-queues its identical
 * duplicates when they make one contiguous range: the retry of a submission whose job was lost between recording
 * and queueing uses the job id the first one did, so it repairs the loss, and is a no-op while that job exists.
 */
function toEnqueue<T extends { event: { sequence: number }; fresh: boolean }>(
  candidates: readonly T[],
  accepted: number,
): T[] {
  if (accepted > 0) return candidates.filter((candidate) => candidate.fresh);
  const first = candidates[0]?.event.sequence ?? 0;
  const contiguous = candidates.every((candidate, index) => candidate.event.sequence === first + index);
  return contiguous ? [...candidates] : [];
}

function hexOf(identities: Buffer, picked: readonly { index: number }[]): string {
  let hex = "";
  for (const { index } of picked) {
    hex += identities.toString("hex", index * IDENTITY_BYTES, (index + 1) * IDENTITY_BYTES);
  }
  return hex;
}

/** The first sequence above `last` that the ascending `sequences` skip. */
function firstMissing(last: number, sequences: readonly number[]): number {
  let next = last + 1;
  for (const sequence of sequences) {
    if (sequence <= last) continue;
    if (sequence !== next) return next;
    next++;
  }
  return next;
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
    context.metrics.rateLimited.inc({ limit: decision.limitedBy ?? "requests" });
    throw new ApiError(
      "rate_limited",
      `Rate limit of ${decision.limitedBy === "events" ? "events" : "requests"} per minute reached for this collector; retry after ${decision.headers["Retry-After"]} s`,
      { headers: decision.headers },
    );
  }
}
