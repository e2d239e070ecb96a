// The body of POST /collectors/events: one batch of events of one session.
import { z } from "zod";

import {
  errorEventSchema,
  messageEventSchema,
  metadataEventSchema,
  sessionEndEventSchema,
  sessionStartEventSchema,
  thinkingEventSchema,
  toolCallEventSchema,
  toolResultEventSchema,
} from "./events";
import { MAX_EVENTS_PER_BATCH } from "./limits";
import { idSchema, sequenceSchema } from "./primitives";

/** The collector's own id of the session (Claude Code session uuid, Codex rollout id, ...). */
export const sessionIdSchema = idSchema;

// On the wire `sequence` is optional: a batch is either sequenced (every event has one) or unsequenced (none has
// one; the server numbers the new events, DESIGN §2). null counts as absent, as for every optional field.
const optionalSequence = { sequence: sequenceSchema.nullish() };
/** An event as a batch carries it: the protocol event, with `sequence` optional. */
export const batchEventSchema = z.discriminatedUnion("type", [
  z.compile(sessionStartEventSchema.extend(optionalSequence)),
  z.compile(sessionEndEventSchema.extend(optionalSequence)),
  z.compile(messageEventSchema.extend(optionalSequence)),
  z.compile(toolCallEventSchema.extend(optionalSequence)),
  z.compile(toolResultEventSchema.extend(optionalSequence)),
  z.compile(thinkingEventSchema.extend(optionalSequence)),
  z.compile(errorEventSchema.extend(optionalSequence)),
  z.compile(metadataEventSchema.extend(optionalSequence)),
]);
export type BatchEvent = z.output<typeof batchEventSchema>;

/**
 * Sequenced events must be sorted by `sequence`, strictly ascending (no duplicates inside a batch). Holes are
 * allowed here on purpose: whether a sequence is missing depends on what the server already holds, so the ingest
 * API answers 409 sequence_gap for them (DESIGN §2), never 400. A batch mixing sequenced and unsequenced events is
 * invalid at the first event that differs from the first one.
 */
export const eventBatchSchema = z
  .object({
    session_id: sessionIdSchema,
    events: z
      .array(batchEventSchema)
      .min(1, { error: "must contain at least one event" })
      .max(MAX_EVENTS_PER_BATCH, { error: `must contain at most ${MAX_EVENTS_PER_BATCH} events` }),
  })
  .superRefine((batch, ctx) => {
    const sequenced = batch.events[0]?.sequence != null;
    for (let i = 1; i < batch.events.length; i++) {
      const current = batch.events[i]?.sequence ?? null;
      if ((current !== null) !== sequenced) {
        ctx.addIssue({
          code: "custom",
          path: ["events", i, "sequence"],
          message: sequenced
            ? "missing: event 0 has a sequence, so every event of the batch needs one (or none may have one)"
            : "unexpected: event 0 has no sequence, so no event of the batch may have one (or every one must)",
          input: current,
        });
        return;
      }
      if (current === null) continue;
      const previous = batch.events[i - 1]?.sequence ?? 0;
      if (current <= previous) {
        ctx.addIssue({
          code: "custom",
          path: ["events", i, "sequence"],
          message:
            current === previous
              ? `duplicate sequence ${current} in the batch`
              : `sequence ${current} follows ${previous}: events must be sorted by ascending sequence`,
          input: current,
        });
      }
    }
  });

/** Parsed batch (normalized agent types). */
export type EventBatch = z.output<typeof eventBatchSchema>;
/** Batch as a collector sends it. */
export type EventBatchInput = z.input<typeof eventBatchSchema>;

/** True when the batch's events carry sequences (eventBatchSchema guarantees all or none do). */
export function isSequencedBatch(batch: { events: readonly { sequence?: number | null }[] }): boolean {
  return batch.events[0]?.sequence != null;
}
