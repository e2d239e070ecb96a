// The sequencing rule of DESIGN §2 for sequenced batches as a pure function, so tests and collectors agree on it:
// events at or below the session's last accepted sequence are duplicates (dropped, never an error); the rest
// must continue it without a hole, or nothing of the batch is accepted. The ingest API applies the same rule in
// one Redis script, together with what this function cannot see: a duplicate whose content differs from the event
// held at its sequence is a session_conflict, and unsequenced batches are numbered there (decision 0024).

export type SequencingDecision =
  | {
      kind: "accept";
      /** Events with a sequence above `previousLastSequence`, to enqueue. */
      accepted: number;
      /** Events at or below `previousLastSequence`, to drop and report in warnings. */
      duplicates: number;
      /** The session's last sequence once the batch is accepted. */
      lastSequence: number;
    }
  | {
      kind: "gap";
      /** Always `lastSequence + 1`: nothing of the batch is accepted. */
      expectedSequence: number;
      lastSequence: number;
      /** The first sequence the batch lacks (equals `expectedSequence` unless the hole is inside the batch). */
      missingSequence: number;
    };

/**
 * Decides what to do with a batch, given the session's last accepted sequence (0 for a new session) and the
 * batch's sequences in ascending order (as `eventBatchSchema` guarantees).
 */
export function decideSequencing(lastSequence: number, sequences: readonly number[]): SequencingDecision {
  let duplicates = 0;
  let next = lastSequence + 1;
  for (const sequence of sequences) {
    if (sequence <= lastSequence) {
      duplicates++;
    } else if (sequence === next) {
      next++;
    } else {
      return { kind: "gap", expectedSequence: lastSequence + 1, lastSequence, missingSequence: next };
    }
  }
  return { kind: "accept", accepted: sequences.length - duplicates, duplicates, lastSequence: next - 1 };
}
