// `pnpm bench:web` at a tiny scale, so the bench's code cannot rot: it ingests its corpus through the real API and
// worker, starts the web app, and measures every endpoint at 1x and 4x. Asserts numbers it produces (what the
// list holds, that each endpoint was measured or reported missing), never timings.
import { describe, expect, it } from "@jest/globals";
import { corpusOptions, planSession } from "../bench/corpus";
import { runWebBench } from "../bench/web-bench";

const SCALE = 0.005;
const SEED = 14;

/** Main sessions (not sub-agents) among the first `sessions` of the corpus: what the list's `total` must be. */
function mainSessions(sessions: number): number {
  const corpus = corpusOptions(SCALE, SEED);
  let count = 0;
  for (let index = 0; index < sessions; index += 1)
    if (!planSession(corpus, index).parentSessionId) count += 1;
  return count;
}

describe("pnpm bench:web (smoke, --scale 0.005)", () => {
  it("ingests the corpus, grows it 4x, and measures every endpoint or reports it missing", async () => {
    const result = await runWebBench({
      scale: SCALE,
      requests: 3,
      warmup: 1,
      clients: 4,
      seed: SEED,
      out: null,
      log: () => undefined,
    });
    const base = corpusOptions(SCALE, SEED).baseSessions;
    expect(result.corpus.x1.sessions).toBe(base);
    expect(result.corpus.sessions4x).toBe(4 * base);
    expect(result.corpus.rows4x).toBeGreaterThan(3 * result.corpus.x1.rows);
    expect(Object.values(result.phases).every((seconds) => Number.isFinite(seconds))).toBe(true);

    for (const endpoint of result.endpoints) {
      for (const measured of [endpoint.x1, endpoint.x4]) {
        expect({ name: endpoint.name, state: measured.state }).toEqual({
          name: endpoint.name,
          state: expect.stringMatching(/^(ok|missing)$/),
        });
      }
    }
    // The routes that exist today are measured, with numbers.
    const byName = new Map(result.endpoints.map((endpoint) => [endpoint.name, endpoint]));
    const list = byName.get("list, default page");
    const detail = byName.get("detail, long session");
    for (const endpoint of [list, detail]) {
      expect(endpoint?.x1.state).toBe("ok");
      expect(endpoint?.x4.state).toBe("ok");
      if (endpoint?.x4.state === "ok") expect(endpoint.x4.p95).toBeGreaterThan(0);
      expect(endpoint?.judged.growth).toEqual(expect.any(Number));
    }
    // The list holds every main session ingested so far.
    expect(list?.x1.state === "ok" ? list.x1.total : null).toBe(mainSessions(base));
    expect(list?.x4.state === "ok" ? list.x4.total : null).toBe(mainSessions(4 * base));
  }, 600_000);
});
