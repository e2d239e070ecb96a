// The body of POST /collectors/events: one batch of events of one session.
import { z } from "zod";

import { protocolEventSchema } from "./events";
import { MAX_EVENTS_PER_BATCH } from "./limits";
import { idSchema } from "./primitives";

/** The collector's own id of the session (Claude Code session uuid, Codex rollout id, ...). */
export const sessionIdSchema = idSchema;

/**
 * Events must be sorted by `sequence`, strictly ascending (no duplicates inside a batch). Holes are allowed
 * here on purpose: whether a sequence is missing depends on what the server already holds, so the ingest API
 * answers 409 sequence_gap for them (DESIGN §2), never 400.
 */
export const eventBatchSchema = z
  .object({
    session_id: sessionIdSchema,
    events: z
      .array(protocolEventSchema)
      .min(1, { error: "must contain at least one event" })
      .max(MAX_EVENTS_PER_BATCH, { error: `must contain at most ${MAX_EVENTS_PER_BATCH} events` }),
  })
  .superRefine((batch, ctx) => {
    for (let i = 1; i < batch.events.length; i++) {
      const previous = batch.events[i - 1]?.sequence ?? 0;
      const current = batch.events[i]?.sequence ?? 0;
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
