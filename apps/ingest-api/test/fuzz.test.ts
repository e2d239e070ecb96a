import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { errorBodySchema, type CollectorCredentials } from "@catsyphon/protocol";
import fc from "fast-check";
import {
  batch,
  collectorHeaders,
  queuedIngestJobs,
  registerCollector,
  startTestApi,
  type TestApi,
} from "./harness";

// Thousands of malformed requests: every answer must be a 4xx in the error shape, the service must stay up, and
// nothing may be queued.
describe("malformed input (property-based)", () => {
  let api: TestApi;
  let collector: CollectorCredentials;
  beforeAll(async () => {
    api = await startTestApi("fuzz", { RATE_LIMIT_REQUESTS_PER_MIN: "0", RATE_LIMIT_EVENTS_PER_MIN: "0" });
    collector = await registerCollector(api);
  });
  afterAll(() => api.close());

  const validEvent = batch("fuzz", 1, 1).events[0];

  // Bodies that are structurally wrong in every way we can think of: any JSON, mutated batches, broken text.
  const mutatedBatch = fc.record(
    {
      session_id: fc.oneof(
        fc.string(),
        fc.constant(""),
        fc.integer(),
        fc.constant(null),
        fc.string({ minLength: 257, maxLength: 300 }),
      ),
      events: fc.oneof(
        fc.constant([]),
        fc.array(fc.anything(), { maxLength: 5 }),
        fc.array(
          fc.record({
            sequence: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double(), fc.string()),
            type: fc.oneof(fc.constantFrom("message", "session_start", "bogus", ""), fc.string()),
            emitted_at: fc.oneof(fc.string(), fc.constant("2026-13-45T99:00:00Z")),
            observed_at: fc.string(),
            data: fc.oneof(fc.anything(), fc.constant({})),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const brokenEvent = fc
    .record({
      key: fc.constantFrom("sequence", "type", "emitted_at", "observed_at", "data"),
      value: fc.anything(),
    })
    // Without a sequence (absent or null) the event is a valid unsequenced one.
    .filter(({ key, value }) => !(key === "sequence" && (value === null || value === undefined)))
    .map(({ key, value }) => ({
      session_id: "fuzz",
      events: [{ ...structuredClone(validEvent), [key]: value }],
    }));
  const body = fc.oneof(
    fc.anything().map((value) => JSON.stringify(value) ?? "null"),
    mutatedBatch.map((value) => JSON.stringify(value)),
    brokenEvent.map((value) => JSON.stringify(value)),
    fc.string().map((text) => `{"session_id": ${text}`),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  );
  const contentType = fc.oneof(
    fc.constant("application/json"),
    fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=latin-9",
      "",
    ),
  );

  it("answers every malformed request with a 4xx error body and queues nothing", async () => {
    const headers = fc.oneof(
      fc.constant(collectorHeaders(collector)),
      fc.record({ authorization: fc.string(), "x-collector-id": fc.string() }, { requiredKeys: [] }),
      fc.constant({
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": "00000000-0000-4000-8000-000000000000",
      }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, headers, contentType, async (text, extraHeaders, type) => {
        const sanitized = Object.fromEntries(
          Object.entries(extraHeaders).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v)),
        );
        const response = await fetch(`${api.url}/collectors/events`, {
          method: "POST",
          headers: { ...(type ? { "content-type": type } : {}), ...sanitized },
          body: text,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(errorBodySchema.safeParse(await response.json()).success).toBe(true);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
    expect(statuses.size).toBeGreaterThan(2);
    expect((await queuedIngestJobs(api)).length).toBe(0);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
  }, 300_000); // 3,000 requests: seconds on an idle core, over a minute when CI runs many packages at once
});
