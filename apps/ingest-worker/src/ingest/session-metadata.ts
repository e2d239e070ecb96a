// Session facts that arrive after session_start as `metadata` events (titles, slugs, summaries, plans, a changed
// working directory...), merged into conversations.extra_data so that the result does not depend on the order
// batches are applied in (DESIGN §4.3: metadata merges by sequence):
// - list keys (`summaries`, `plans`, `rewinds`) collect every item once, each tagged with the sequence that
//   carried it, kept in sequence order;
// - any other key takes the value of the highest sequence that set it (remembered in `metadata_sequences`).
// `compaction` is not merged here: it starts an epoch (epochs.ts).
import { type MetadataEvent, type ProtocolEvent } from "@catsyphon/protocol";

import { jsonText } from "./sanitize";
import { type SqlRunner } from "./sql-transaction";

type Tx = SqlRunner;

type JsonObject = Record<string, unknown>;

// `rewinds`: every rewind of the session stays, each naming the range of sequences it rewound (decision 0028).
const LIST_KEYS = new Set(["summaries", "plans", "rewinds"]);
const SKIPPED_KEYS = new Set(["compaction", "metadata_sequences"]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function itemKey(item: unknown): string {
  return JSON.stringify(item);
}

/** Merges metadata events into an extra_data object; pure, so it can be tested without a database. */
export function mergeSessionMetadata(extraData: JsonObject, events: readonly MetadataEvent[]): JsonObject {
  const merged: JsonObject = { ...extraData };
  const sequences: Record<string, number> = isObject(merged.metadata_sequences)
    ? { ...(merged.metadata_sequences as Record<string, number>) }
    : {};
  for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
    for (const [key, value] of Object.entries(event.data)) {
      if (SKIPPED_KEYS.has(key)) continue;
      if (LIST_KEYS.has(key) && Array.isArray(value)) {
        const current = Array.isArray(merged[key]) ? (merged[key] as unknown[]) : [];
        const seen = new Set(current.map(itemKey));
        const added = value
          .map((item) =>
            isObject(item)
              ? { ...item, sequence: event.sequence }
              : { value: item, sequence: event.sequence },
          )
          .filter((item) => !seen.has(itemKey(item)));
        merged[key] = [...current, ...added].sort((a, b) => sequenceOf(a) - sequenceOf(b));
        continue;
      }
      if ((sequences[key] ?? 0) > event.sequence) continue;
      merged[key] = value;
      sequences[key] = event.sequence;
    }
  }
  if (Object.keys(sequences).length > 0) merged.metadata_sequences = sequences;
  return merged;
}

function sequenceOf(item: unknown): number {
  // Items from session_start carry no sequence: they come first.
  return isObject(item) && typeof item.sequence === "number" ? item.sequence : 0;
}

function hasMergeableKeys(event: MetadataEvent): boolean {
  return Object.keys(event.data).some((key) => !SKIPPED_KEYS.has(key));
}

/** Applies the batch's metadata events to its conversation (the caller holds the conversation's lock). */
export async function applySessionMetadata(
  tx: Tx,
  conversationId: string,
  events: readonly ProtocolEvent[],
): Promise<void> {
  const metadata = events.filter(
    (event): event is MetadataEvent => event.type === "metadata" && hasMergeableKeys(event),
  );
  if (metadata.length === 0) return;
  const [row] = await tx.$queryRawUnsafe<{ extra_data: JsonObject }[]>(
    `SELECT extra_data FROM conversations WHERE id = $1::uuid FOR UPDATE`,
    conversationId,
  );
  if (!row) return;
  await tx.$executeRawUnsafe(
    `UPDATE conversations SET extra_data = $2::jsonb, updated_at = now() WHERE id = $1::uuid`,
    conversationId,
    jsonText(mergeSessionMetadata(row.extra_data, metadata)),
  );
}
