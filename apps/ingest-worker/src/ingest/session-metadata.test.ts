import { describe, expect, it } from "@jest/globals";
import { type MetadataEvent, protocolEventSchema } from "@catsyphon/protocol";
import fc from "fast-check";

import { mergeSessionMetadata } from "./session-metadata";

const at = "2026-01-01T00:00:00.000Z";
const metadata = (sequence: number, data: Record<string, unknown>) =>
  protocolEventSchema.parse({
    sequence,
    type: "metadata",
    emitted_at: at,
    observed_at: at,
    data,
  }) as MetadataEvent;

describe("session metadata merge", () => {
  const events = [
    metadata(3, { title: "first title", summaries: [{ summary: "one" }] }),
    metadata(7, { title: "second title", plans: [{ content: "# plan" }] }),
    metadata(5, { summaries: [{ summary: "two" }], slug: "happy-otter" }),
    metadata(9, { compaction: { trigger: "auto" } }),
  ];

  it("keeps the value of the highest sequence and collects list items in sequence order", () => {
    const merged = mergeSessionMetadata({ working_directory: "/w" }, events);
    expect(merged).toEqual({
      working_directory: "/w",
      title: "second title",
      slug: "happy-otter",
      summaries: [
        { summary: "one", sequence: 3 },
        { summary: "two", sequence: 5 },
      ],
      plans: [{ content: "# plan", sequence: 7 }],
      metadata_sequences: { title: 7, slug: 5 },
    });
  });

  it("gives the same result for any split and order of batches, applied any number of times", () => {
    const once = mergeSessionMetadata({}, events);
    fc.assert(
      fc.property(
        fc.array(fc.subarray(events, { minLength: 1 }), { minLength: 1, maxLength: 6 }),
        (batches) => {
          const covered = new Set(batches.flat());
          const missing = events.filter((event) => !covered.has(event));
          let extra: Record<string, unknown> = {};
          for (const batch of [...batches, missing]) extra = mergeSessionMetadata(extra, batch);
          expect(extra).toEqual(once);
        },
      ),
    );
  });

  it("keeps every rewind with the range it names, whatever the order batches come in", () => {
    const early = metadata(12, { rewinds: [{ to_message_id: "u5", first_sequence: 8, last_sequence: 11 }] });
    const late = metadata(20, { rewinds: [{ to_message_id: "u9", first_sequence: 15, last_sequence: 19 }] });
    const expected = [
      { to_message_id: "u5", first_sequence: 8, last_sequence: 11, sequence: 12 },
      { to_message_id: "u9", first_sequence: 15, last_sequence: 19, sequence: 20 },
    ];
    expect(mergeSessionMetadata({}, [early, late]).rewinds).toEqual(expected);
    // The later batch applied first, then both again.
    const reversed = mergeSessionMetadata(mergeSessionMetadata({}, [late]), [early, late]);
    expect(reversed.rewinds).toEqual(expected);
  });
});
