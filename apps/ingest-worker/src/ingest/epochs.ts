// Epochs: one per context window (DESIGN §3). Epoch 1 starts at sequence 1; each compaction starts the next. A
// compaction reaches the server as a `metadata` event whose data holds `compaction: {trigger?, pre_tokens?,
// summary?}` (decision 0008). Numbers follow the order of start sequences, whatever order batches arrive in.
import { MAX_INT4, MAX_SHORT_NAME_LENGTH, type ProtocolEvent } from "@catsyphon/protocol";
import { z } from "zod";
import { type SqlRunner } from "./sql-transaction";

type Tx = SqlRunner;

// The protocol bounds these already (metadataDataSchema); what does not fit is dropped, never the batch.
const compactionSchema = z.looseObject({
  trigger: z.string().max(MAX_SHORT_NAME_LENGTH).nullish().catch(undefined),
  pre_tokens: z.int().min(0).max(MAX_INT4).nullish().catch(undefined),
  summary: z.string().nullish(),
});

interface Compaction {
  sequence: number;
  at: string;
  trigger: string | null;
  preTokens: number | null;
  summary: string | null;
}

export function compactionsOf(events: readonly ProtocolEvent[]): Compaction[] {
  return events.flatMap((event) => {
    if (event.type !== "metadata" || !("compaction" in event.data)) return [];
    const parsed = compactionSchema.safeParse(event.data.compaction);
    if (!parsed.success) return [];
    return [
      {
        sequence: event.sequence,
        at: event.emitted_at,
        trigger: parsed.data.trigger?.replaceAll("\u0000", "") ?? null,
        // An int column (storable.ts moves larger counts aside; this guards jobs that bypass it).
        preTokens: (parsed.data.pre_tokens ?? 0) <= 2_147_483_647 ? (parsed.data.pre_tokens ?? null) : null,
        summary: parsed.data.summary?.replaceAll("\u0000", "") ?? null,
      },
    ];
  });
}

// Far above any real epoch count: renumbering moves every row out of the way first, because Postgres checks a
// non-deferrable unique key row by row.
const RENUMBER_OFFSET = 1_000_000;

/**
 * Records the batch's compactions as epochs and points every message at the epoch it belongs to. Epoch 1 is
 * created with the conversation (`created`: by this write).
 */
export async function applyEpochs(
  tx: Tx,
  conversationId: string,
  events: readonly ProtocolEvent[],
  { created }: { created: boolean },
): Promise<void> {
  // Epoch 1's start time is known once the batch holding sequence 1 arrives, which may come after others.
  const first = events.find((event) => event.sequence === 1);
  if (first && !created) {
    await tx.$executeRawUnsafe(
      `UPDATE epochs SET started_at = COALESCE($2::timestamptz, started_at)
       WHERE conversation_id = $1::uuid AND start_sequence = 1`,
      conversationId,
      first.emitted_at,
    );
  }
  const compactions = compactionsOf(events);
  if (compactions.length > 0) {
    for (const compaction of compactions) {
      await tx.$executeRawUnsafe(
        `INSERT INTO epochs (conversation_id, epoch_number, start_sequence, started_at, trigger, pre_tokens, summary)
         SELECT $1::uuid, $7::int + COALESCE(max(epoch_number), 0) + 1, $2, $3::timestamptz, $4, $5, $6
         FROM epochs WHERE conversation_id = $1::uuid
         ON CONFLICT DO NOTHING`,
        conversationId,
        compaction.sequence,
        compaction.at,
        compaction.trigger,
        compaction.preTokens,
        compaction.summary,
        RENUMBER_OFFSET,
      );
    }
    await tx.$executeRawUnsafe(
      `UPDATE epochs SET epoch_number = epoch_number + ${RENUMBER_OFFSET}
       WHERE conversation_id = $1::uuid AND epoch_number < ${RENUMBER_OFFSET}`,
      conversationId,
    );
    await tx.$executeRawUnsafe(
      `UPDATE epochs e SET epoch_number = r.n
       FROM (SELECT id, row_number() OVER (ORDER BY start_sequence) AS n FROM epochs WHERE conversation_id = $1::uuid) r
       WHERE e.id = r.id`,
      conversationId,
    );
    // Messages already written after a new compaction move to the epoch they now belong to (this batch's own
    // messages are inserted with their epoch).
    const from = Math.min(...compactions.map((c) => c.sequence));
    await tx.$executeRawUnsafe(
      `UPDATE messages m SET epoch_id = (
         SELECT e.id FROM epochs e WHERE e.conversation_id = m.conversation_id AND e.start_sequence <= m.sequence
         ORDER BY e.start_sequence DESC LIMIT 1)
       WHERE m.conversation_id = $1::uuid AND m.sequence >= $2::int`,
      conversationId,
      from,
    );
  }
}
