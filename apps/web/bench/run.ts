// Entry of `pnpm bench:web` (`pnpm --filter @catsyphon/web bench -- --scale 0.05` for a quick run).
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { resultTable, runWebBench } from "./web-bench";

const argsSchema = z.object({
  scale: z.coerce.number().positive().max(10).default(1),
  requests: z.coerce.number().int().min(1).max(10_000).default(200),
  warmup: z.coerce.number().int().min(1).max(1000).default(20),
  clients: z.coerce.number().int().min(1).max(256).default(16),
  seed: z.coerce.number().int().min(0).default(14),
  out: z
    .string()
    .min(1)
    .default(path.resolve(__dirname, "..", ".bench", "bench-web.json")),
  "keep-database": z.boolean().default(false),
  "pause-at-1x": z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      requests: { type: "string" },
      warmup: { type: "string" },
      clients: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      // Diagnosis: keep the database at the end; wait at 1x until the given file exists.
      "keep-database": { type: "boolean" },
      "pause-at-1x": { type: "string" },
    },
    // `pnpm bench:web -- --scale 0.05` passes the "--" through, which would end the options.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
  });
  const { "keep-database": keepDatabase, "pause-at-1x": pauseAt1x, ...args } = argsSchema.parse(values);
  const result = await runWebBench({
    ...args,
    keepDatabase,
    pauseAt1x: pauseAt1x ?? null,
    log: (line) => console.log(line),
  });
  const { x1, sessions4x, rows4x } = result.corpus;
  console.log(
    `\ncorpus: 1x ${x1.sessions} sessions, ${x1.rows} rows; 4x ${sessions4x} sessions, ${rows4x} rows; ` +
      `search for ${result.searchedFor}; ${args.requests} sequential requests after ${args.warmup} warm-up`,
  );
  console.log(resultTable(result));
  console.log(`\nresult: ${args.out}`);
  console.log(JSON.stringify({ bench: "web", endpoints: result.endpoints, phases: result.phases }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
