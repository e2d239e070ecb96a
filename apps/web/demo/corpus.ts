// The demo corpus: the bench's seeded session plans (apps/web/bench/corpus.ts: which agent, project, developer, day,
// parent and outcome each session has, skewed as in a real team) dressed in text a person would recognise: prompts
// that ask for real work, Markdown answers, tool calls whose results look like a terminal's, Edit diffs, failures
// with stack traces, thinking, sub-agents and plans. Every event is a pure function of (seed, index, anchor), so a
// re-run with the same anchor sends byte-identical events and the collector API acknowledges them as duplicates.
import {
  type CorpusOptions,
  planSession,
  seededRandom,
  type SessionPlan,
  type WireEvent,
} from "../bench/corpus";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface DemoOptions {
  seed: number;
  /** Sessions in the corpus (sub-agents included). */
  sessions: number;
  /** Message rows of session 0, the long one. */
  longSessionRows: number;
  /** The corpus's "now": the running sessions' last events are just before it. */
  anchorMs: number;
  /** The last few main sessions are still running (no session_end, recent events). */
  runningSessions: number;
}

export const DEMO_DEFAULTS = { seed: 15, sessions: 60, longSessionRows: 400, runningSessions: 3 } as const;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const demoSessionId = (seed: number, index: number) => `demo-${seed}-${String(index).padStart(4, "0")}`;

function benchOptions(options: DemoOptions): CorpusOptions {
  return {
    seed: options.seed,
    baseSessions: options.sessions,
    longSessionRows: options.longSessionRows,
    anchorMs: options.anchorMs,
  };
}

/** Indices of the running sessions: the last main sessions of the corpus. */
function runningIndices(options: DemoOptions): Set<number> {
  const running = new Set<number>();
  const corpus = benchOptions(options);
  for (let index = options.sessions - 1; index > 0 && running.size < options.runningSessions; index -= 1) {
    if (!planSession(corpus, index).parentSessionId) running.add(index);
  }
  return running;
}

export interface DemoSession {
  plan: SessionPlan;
  running: boolean;
}

/** Session `index` of the demo corpus: the bench's plan with demo ids, and the running ones moved to "now". */
export function demoSession(
  options: DemoOptions,
  index: number,
  running = runningIndices(options),
): DemoSession {
  const plan = planSession(benchOptions(options), index);
  const isRunning = running.has(index);
  const renamed: SessionPlan = {
    ...plan,
    sessionId: demoSessionId(options.seed, index),
    parentSessionId: plan.parentSessionId === null ? null : demoSessionId(options.seed, index - 1),
    plants: [],
  };
  if (!isRunning) return { plan: renamed, running: false };
  // Short, recent and open: the live board shows them as active now.
  const rows = Math.min(plan.rows, 60);
  return {
    plan: {
      ...renamed,
      rows,
      outcome: null,
      startMs: options.anchorMs - rows * plan.stepMs - (index % 5) * MINUTE_MS - MINUTE_MS,
    },
    running: true,
  };
}

export function demoSessions(options: DemoOptions): DemoSession[] {
  const running = runningIndices(options);
  return Array.from({ length: options.sessions }, (_, index) => demoSession(options, index, running));
}

/** How far session 0's first event lies from the anchor: a stored session 0 gives back the anchor it was sent with. */
export function firstEventOffsetMs(options: Omit<DemoOptions, "anchorMs">): number {
  const plan = demoSession({ ...options, anchorMs: 0 }, 0).plan;
  return plan.startMs + plan.stepMs;
}

/** The anchor of a fresh corpus: the current minute (whole minutes keep the arithmetic exact). */
export const freshAnchorMs = (now = Date.now()) => Math.floor(now / MINUTE_MS) * MINUTE_MS;

// --- what the sessions say -------------------------------------------------------------------------------------

interface Task {
  ask: string;
  file: string;
  symbol: string;
  before: string;
  after: string;
  test: string;
  failure: string;
}

const TASKS: readonly Task[] = [
  {
    ask: "The session parser reads the whole JSONL file into memory. Make it stream line by line so a 2 GB log does not OOM, and keep the byte offset so we can resume.",
    file: "src/parsers/session-file.ts",
    symbol: "parseSessionFile",
    before:
      "const text = await readFile(path, 'utf8');\nfor (const line of text.split('\\n')) {\n  yield parseLine(line);\n}",
    after:
      "const lines = createInterface({ input: createReadStream(path, { start: offset }) });\nfor await (const line of lines) {\n  offset += Buffer.byteLength(line) + 1;\n  yield { ...parseLine(line), offset };\n}",
    test: "pnpm --filter @acme/parsers test session-file",
    failure:
      "FAIL test/session-file.test.ts\n  ● streams a file larger than the buffer\n\n    expect(received).toBe(expected)\n\n    Expected: 1048576\n    Received: 1048575\n\n      41 |     expect(last.offset).toBe(size);\n         |                         ^\n\n    at Object.<anonymous> (test/session-file.test.ts:41:25)",
  },
  {
    ask: "Checkout sometimes charges twice when the user double-clicks Pay. Add an idempotency key to the payment request and dedupe on the server.",
    file: "src/payments/charge.ts",
    symbol: "createCharge",
    before:
      "export async function createCharge(order: Order) {\n  return stripe.paymentIntents.create({ amount: order.total, currency: 'eur' });\n}",
    after:
      "export async function createCharge(order: Order) {\n  return stripe.paymentIntents.create(\n    { amount: order.total, currency: 'eur' },\n    { idempotencyKey: `order-${order.id}-${order.version}` },\n  );\n}",
    test: "npm test -- payments",
    failure:
      "TypeError: Cannot read properties of undefined (reading 'version')\n    at createCharge (src/payments/charge.ts:4:52)\n    at POST (src/app/api/checkout/route.ts:18:9)",
  },
  {
    ask: "The retry loop in the queue consumer spins forever when Redis is down. Back off exponentially with jitter and give up after 5 attempts.",
    file: "src/queue/consumer.py",
    symbol: "consume_forever",
    before:
      "while True:\n    try:\n        job = redis.blpop('jobs')\n    except ConnectionError:\n        continue",
    after:
      "for attempt in range(MAX_ATTEMPTS):\n    try:\n        job = redis.blpop('jobs', timeout=5)\n        break\n    except ConnectionError:\n        time.sleep(min(30, 2 ** attempt) * random.uniform(0.5, 1.5))\nelse:\n    raise QueueUnavailable('redis did not answer after 5 attempts')",
    test: "pytest tests/test_consumer.py -q",
    failure:
      "E   redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.\n\ntests/test_consumer.py:27: ConnectionError\n1 failed, 11 passed in 2.31s",
  },
  {
    ask: "Add a `--dry-run` flag to the migrate command that prints the SQL it would run without touching the database.",
    file: "src/cli/migrate.rs",
    symbol: "run_migrations",
    before: "for m in pending {\n    conn.execute(&m.sql)?;\n}",
    after:
      'for m in pending {\n    if args.dry_run {\n        println!("-- {}\\n{}", m.name, m.sql);\n        continue;\n    }\n    conn.execute(&m.sql)?;\n}',
    test: "cargo test migrate",
    failure:
      "error[E0609]: no field `dry_run` on type `&MigrateArgs`\n  --> src/cli/migrate.rs:42:17\n   |\n42 |         if args.dry_run {\n   |                 ^^^^^^^ unknown field",
  },
  {
    ask: "The dashboard's date picker shows yesterday for users east of UTC. Fix the time zone handling and add a test for Asia/Kolkata.",
    file: "src/components/DateRange.tsx",
    symbol: "toDayStart",
    before: "const start = new Date(value);\nstart.setHours(0, 0, 0, 0);",
    after: "const start = Temporal.PlainDate.from(value).toZonedDateTime({ timeZone: tz }).toInstant();",
    test: "pnpm vitest run DateRange",
    failure:
      "AssertionError: expected '2026-11-19' to equal '2026-11-20'\n ❯ src/components/DateRange.test.tsx:33:48",
  },
  {
    ask: "Our Go HTTP server leaks goroutines when clients disconnect mid-stream. Find the leak and make the handler respect the request context.",
    file: "internal/stream/handler.go",
    symbol: "ServeEvents",
    before: 'for ev := range sub.C {\n    fmt.Fprintf(w, "data: %s\\n\\n", ev)\n    flusher.Flush()\n}',
    after:
      'for {\n    select {\n    case <-r.Context().Done():\n        sub.Close()\n        return\n    case ev := <-sub.C:\n        fmt.Fprintf(w, "data: %s\\n\\n", ev)\n        flusher.Flush()\n    }\n}',
    test: "go test ./internal/stream/ -run TestServeEvents -race",
    failure:
      "--- FAIL: TestServeEvents (2.00s)\n    handler_test.go:58: goroutines before 4, after 5: leaked 1\nFAIL\nFAIL\tgithub.com/acme/api/internal/stream\t2.014s",
  },
];

const ACKS = [
  "Looks good. Can you also update the docs?",
  "Great, now run the whole suite and fix anything that broke.",
  "That test is still flaky on CI, please look again.",
  "Rename it to something clearer and commit.",
  "Why did you change the public signature? Keep it backwards compatible.",
  "Ship it. Write a short summary for the PR description.",
];

function promptText(random: () => number, task: Task, turn: number): string {
  if (turn === 0) return task.ask;
  return pick(random, ACKS);
}

function responseText(random: () => number, task: Task, turn: number): string {
  const variants = [
    `I'll start by reading \`${task.file}\` to see how \`${task.symbol}\` works today, then make the change and run the tests.`,
    `Found it. The problem is in \`${task.symbol}\`:\n\n\`\`\`\n${task.before}\n\`\`\`\n\nI'll change it so that:\n\n1. the happy path stays as it is,\n2. the failure case is handled explicitly,\n3. a regression test covers it.`,
    `Done. Summary of the change:\n\n| file | change |\n|---|---|\n| \`${task.file}\` | rewrote \`${task.symbol}\` |\n| tests | one new case for the edge case |\n\nAll tests pass locally. **Note:** the old behaviour was relied on by nothing else I could find (\`grep\` shows one caller).`,
    `The test run failed, but for a reason unrelated to my change: the fixture still uses the old format. I'll update the fixture and re-run.`,
    `Here is the updated version:\n\n\`\`\`\n${task.after}\n\`\`\`\n\n> This keeps the public API unchanged; only the internals differ.`,
  ];
  return turn === 0 ? variants[0]! : pick(random, variants.slice(1));
}

function thinkingText(random: () => number, task: Task): string {
  return pick(random, [
    `The user wants ${task.symbol} fixed. Before editing I should check who else calls it, otherwise changing its behaviour could break something downstream. Let me grep first.`,
    `The failing assertion is off by one. That smells like the trailing newline is not counted. I need to check how the offset is advanced for the last line.`,
    `Two options: patch the caller or fix ${task.symbol} itself. Fixing it at the source is cleaner and the tests will tell me if anything depended on the old behaviour.`,
  ]);
}

type ToolStep = { name: string; parameters: Record<string, unknown>; result: string; success: boolean };

function toolSteps(random: () => number, task: Task, directory: string): ToolStep[] {
  const file = `${directory}/${task.file}`;
  const failed = random() < 0.12;
  const steps: ToolStep[] = [
    {
      name: "Read",
      parameters: { file_path: file },
      result: `     1\t// ${task.file}\n     2\t\n     3\t${task.before.split("\n").join("\n     4\t")}`,
      success: true,
    },
    {
      name: "Grep",
      // No path: Grep searches the working directory (a path given would count as a touch of the folder).
      parameters: { pattern: task.symbol, output_mode: "content" },
      result: `${task.file}:12:${task.symbol}\nsrc/index.ts:4:import { ${task.symbol} } from './${task.file}'`,
      success: true,
    },
    {
      name: "Edit",
      parameters: { file_path: file, old_string: task.before, new_string: task.after },
      result: `The file ${file} has been updated.`,
      success: true,
    },
    {
      name: "Bash",
      parameters: { command: task.test, description: "Run the tests" },
      result: failed
        ? task.failure
        : "Test Suites: 4 passed, 4 total\nTests:       37 passed, 37 total\nTime:        3.84 s",
      success: !failed,
    },
  ];
  const count = 1 + Math.floor(random() * 3);
  const start = Math.floor(random() * (steps.length - count + 1));
  return steps.slice(start, start + count);
}

/** The session's events in order, as a collector sends them. */
export function* demoSessionEvents(session: DemoSession): Generator<WireEvent> {
  const { plan } = session;
  const random = seededRandom(plan.index * 104_729 + 31);
  // A sub-agent works on its parent's task (the parent is the session just before it).
  const task = TASKS[(plan.parentSessionId ? plan.index - 1 : plan.index) % TASKS.length]!;
  const directory = `/srv/src/${plan.project}`;
  let sequence = 0;
  let at = plan.startMs;
  const event = (type: string, data: Record<string, unknown>): WireEvent => {
    sequence += 1;
    at += plan.stepMs;
    const emitted = new Date(at).toISOString();
    return { sequence, type, emitted_at: emitted, observed_at: emitted, data };
  };
  const branch =
    plan.index % 3 === 0 ? "main" : `fix/${task.symbol.replace(/_/g, "-").toLowerCase()}-${plan.index}`;
  yield event("session_start", {
    agent_type: plan.agentType,
    agent_version: plan.agentVersion,
    working_directory: directory,
    git_branch: branch,
    slug: `${plan.parentSessionId ? "callers-of-" : ""}${task.symbol.replace(/_/g, "-")}-${plan.index}`,
    developer: plan.developer,
    hostname: `${plan.developer}-laptop`,
    ...(plan.parentSessionId ? { parent_session_id: plan.parentSessionId } : {}),
  });
  let row = 0;
  let tool = 0;
  let turn = 0;
  while (row < plan.rows) {
    row += 1;
    yield event("message", {
      author_role: "human",
      message_type: "prompt",
      content:
        plan.parentSessionId && turn === 0
          ? `Sub-task: find every caller of ${task.symbol} and report back.`
          : promptText(random, task, turn),
    });
    if (row >= plan.rows) break;
    if (random() < 0.3 && row + 1 < plan.rows) {
      row += 1;
      yield event("thinking", { content: thinkingText(random, task) });
    }
    const model = pick(random, plan.models);
    row += 1;
    yield event("message", {
      author_role: "assistant",
      message_type: "response",
      content: responseText(random, task, turn),
      model,
      stop_reason: "tool_use",
      token_usage: {
        input_tokens: 800 + Math.floor(random() * 6000),
        output_tokens: 120 + Math.floor(random() * 1800),
        cache_read_tokens: Math.floor(random() * 80_000),
        cache_creation_tokens: Math.floor(random() * 4000),
      },
    });
    for (const step of toolSteps(random, task, directory)) {
      if (row + 2 > plan.rows) break;
      tool += 1;
      const toolUseId = `toolu_demo_${plan.index}_${tool}`;
      row += 2;
      yield event("tool_call", { tool_name: step.name, tool_use_id: toolUseId, parameters: step.parameters });
      yield event("tool_result", { tool_use_id: toolUseId, success: step.success, result: step.result });
    }
    if (random() < 0.04 && row < plan.rows) {
      row += 1;
      yield event("error", {
        error_type: "api_error",
        message: "Overloaded: the model is under heavy load (HTTP 529). Retrying in 8 s.",
      });
    }
    turn += 1;
  }
  if (plan.outcome) {
    yield event("session_end", {
      outcome: plan.outcome,
      summary:
        plan.outcome === "success"
          ? `Changed ${task.symbol} in ${task.file}; tests pass.`
          : `Could not finish: ${task.test} still fails.`,
      ...(plan.index % 4 === 2
        ? {
            plans: [
              {
                plan_file_path: `${directory}/.claude/plans/${task.symbol}.md`,
                initial_content: `# Plan\n\n1. Read ${task.file}\n2. Fix ${task.symbol}\n3. Run the tests`,
                final_content: `# Plan\n\n1. Read ${task.file}\n2. Fix ${task.symbol}\n3. Add a regression test\n4. Run the tests`,
                status: "approved",
                iteration_count: 2,
              },
            ],
          }
        : {}),
    });
  }
}

/** A time range that holds every session of the corpus (for the overview's range in the screenshots). */
export const corpusDays = 31;
export const corpusStartMs = (anchorMs: number) => anchorMs - corpusDays * DAY_MS;
