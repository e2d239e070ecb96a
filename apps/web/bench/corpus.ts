// The bench's corpus, generated from a seed: the same plans and the same events on every run. Session i of the
// corpus is a pure function of (seed, i), so growing the corpus 4x adds sessions 4N..., never changes the first N.
// Timestamps are laid out backwards from an anchor (the start of the current UTC hour), so "the last 30 days"
// holds every session whenever the bench runs.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A small fast seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export const PROJECTS = [
  "atlas",
  "beacon",
  "cinder",
  "dynamo",
  "ember",
  "fjord",
  "granite",
  "harbor",
  "iris",
  "juniper",
  "kestrel",
  "lumen",
  "meridian",
  "nimbus",
  "orchard",
  "pylon",
  "quartz",
  "ridge",
  "sierra",
  "tundra",
] as const;
export const DEVELOPERS = [
  "ada",
  "bo",
  "cyd",
  "dee",
  "eli",
  "fay",
  "gus",
  "hal",
  "ivy",
  "jo",
  "kai",
  "lea",
  "max",
  "nia",
  "oz",
  "pia",
  "quin",
  "ray",
  "sol",
  "tia",
  "uma",
  "vik",
  "wes",
  "xia",
  "yan",
  "zed",
  "ari",
  "ben",
  "cal",
  "dan",
] as const;

/** Agents, their share of the sessions and the models (all in the worker's price table) they answer with. */
const AGENTS = [
  {
    agentType: "claude-code",
    version: "2.1.3",
    share: 0.55,
    models: ["claude-sonnet-4-5", "claude-opus-4-5", "claude-haiku-4-5"],
  },
  { agentType: "codex", version: "0.61.0", share: 0.3, models: ["gpt-5-codex", "gpt-5.1-codex"] },
  { agentType: "gemini", version: "0.18.4", share: 0.15, models: ["gemini-2.5-pro", "gemini-2.5-flash"] },
] as const;

/**
 * Identifiers that occur nowhere else in the corpus, each planted in a few messages of the 1x corpus only: a search
 * for one has the same few hits at 1x and at 4x, so its cost shows whether search scales with the archive.
 */
export const RARE_IDENTIFIERS = [
  "frobnicateWidgetCache",
  "ERR_QUUX_BRIDGE_TIMEOUT",
  "src/legacy/zanzibarShim.ts",
  "useXylophoneReducer",
  "KOBOLD_RETRY_CEILING",
] as const;
const RARE_PLANTS_PER_IDENTIFIER = 3;

const IDENTIFIERS = [
  "parseSessionFile",
  "useEffect",
  "useQueryClient",
  "ECONNREFUSED",
  "applyBatch",
  "ingestJobs",
  "tokenBucket",
  "readCheckpoint",
  "src/auth.ts",
  "src/server/route.ts",
  "packages/db/src/client.ts",
  "workspaceRoute",
  "zod.object",
  "prisma.$transaction",
  "BullMQ.Worker",
  "ETIMEDOUT",
  "TypeError",
  "NullPointerException",
  "handleSubmit",
  "lib/utils.py",
  "Cargo.toml",
  "fn main()",
  "async def fetch_rows",
  "docker-compose.yml",
  "README.md",
  "jest.config.js",
  "tsconfig.json",
  "onConflictDoNothing",
  "last_event_sequence",
  "costUsd",
];
const WORDS = (
  "refactor the parser so it streams instead of reading the whole file then add a test for the edge case where " +
  "the session ends early check why the build fails on ci and fix the flaky retry logic in the queue consumer " +
  "rename the helper move the constants into config and update the docs for the new flag"
).split(" ");
const TOOLS = ["Read", "Edit", "Write", "Bash", "Grep", "Glob"] as const;

export interface SessionPlan {
  index: number;
  sessionId: string;
  agentType: string;
  agentVersion: string;
  models: readonly string[];
  project: string;
  developer: string;
  /** Message rows (messages, tool calls and results, thinking) the session holds. */
  rows: number;
  startMs: number;
  /** Milliseconds between two events. */
  stepMs: number;
  parentSessionId: string | null;
  /** null: still active (no session_end). */
  outcome: "success" | "failure" | null;
  /** Rare identifiers planted in the session's first prompt. */
  plants: string[];
}

export interface CorpusOptions {
  seed: number;
  /** Sessions of the 1x corpus (2,000 at scale 1). */
  baseSessions: number;
  /** Rows of session 0, the long one (10,000 at scale 1). */
  longSessionRows: number;
  anchorMs: number;
}

export function corpusOptions(scale: number, seed: number, now = Date.now()): CorpusOptions {
  return {
    seed,
    baseSessions: Math.max(4, Math.round(2000 * scale)),
    longSessionRows: Math.max(20, Math.round(10_000 * scale)),
    anchorMs: Math.floor(now / HOUR_MS) * HOUR_MS,
  };
}

const sessionIdOf = (seed: number, index: number) => `bench-${seed}-${String(index).padStart(6, "0")}`;

/** Every 7th session from the 4th on is a sub-agent of the main session just before it (always a main one). */
const isSubAgent = (index: number) => index % 7 === 3;

/** The sessions of the 1x corpus (never the long one) whose first prompt holds `identifier`. */
export function rareHosts(options: CorpusOptions, identifier: (typeof RARE_IDENTIFIERS)[number]): number[] {
  const i = RARE_IDENTIFIERS.indexOf(identifier);
  return Array.from(
    { length: RARE_PLANTS_PER_IDENTIFIER },
    (_, k) => 1 + (((i * RARE_PLANTS_PER_IDENTIFIER + k) * 37) % (options.baseSessions - 1)),
  );
}

function rarePlants(options: CorpusOptions, index: number): string[] {
  if (index >= options.baseSessions) return [];
  return RARE_IDENTIFIERS.filter((identifier) => rareHosts(options, identifier).includes(index));
}

export function planSession(options: CorpusOptions, index: number): SessionPlan {
  const random = seededRandom(options.seed * 1_000_003 + index);
  const sub = isSubAgent(index);
  // A sub-agent shares its parent's agent, project, developer and day.
  const base = sub ? planSession(options, index - 1) : undefined;
  let agent: (typeof AGENTS)[number] = AGENTS[0];
  const roll = random();
  for (let i = 0, acc = 0; i < AGENTS.length; i += 1) {
    acc += AGENTS[i]!.share;
    if (roll < acc) {
      agent = AGENTS[i]!;
      break;
    }
  }
  // Projects and developers are skewed (a few busy ones), as in a real team.
  const project = PROJECTS[Math.floor(random() ** 1.6 * PROJECTS.length)]!;
  const developer = DEVELOPERS[Math.floor(random() ** 1.4 * DEVELOPERS.length)]!;
  const long = index === 0;
  // 20-695 rows, mean ~245: with the long session, ~500k rows in 2,000 sessions.
  const rows = long ? options.longSessionRows : Math.round(20 + random() ** 2 * 675);
  const stepMs = long ? 5_000 : 2_000 + Math.floor(random() * 12_000);
  const earliest = options.anchorMs - 30 * DAY_MS + HOUR_MS;
  const latest = options.anchorMs - rows * stepMs - HOUR_MS;
  const startMs = base
    ? base.startMs + 60_000
    : long
      ? options.anchorMs - 3 * DAY_MS
      : Math.floor(earliest + random() * Math.max(0, latest - earliest));
  const outcomeRoll = random();
  return {
    index,
    sessionId: sessionIdOf(options.seed, index),
    agentType: base?.agentType ?? agent.agentType,
    agentVersion: base?.agentVersion ?? agent.version,
    models: base?.models ?? agent.models,
    project: base?.project ?? project,
    developer: base?.developer ?? developer,
    rows,
    startMs,
    stepMs,
    parentSessionId: base ? base.sessionId : null,
    outcome: outcomeRoll < 0.05 ? null : outcomeRoll < 0.85 ? "success" : "failure",
    plants: rarePlants(options, index),
  };
}

export interface WireEvent {
  sequence: number;
  type: string;
  emitted_at: string;
  observed_at: string;
  data: Record<string, unknown>;
}

function sentence(random: () => number, planted: readonly string[] = []): string {
  const parts: string[] = [];
  const length = 12 + Math.floor(random() * 40);
  for (let i = 0; i < length; i += 1) {
    parts.push(random() < 0.2 ? `\`${pick(random, IDENTIFIERS)}\`` : pick(random, WORDS));
  }
  for (const identifier of planted) parts.splice(Math.floor(random() * parts.length), 0, identifier);
  return parts.join(" ");
}

/** The session's events in order: session_start, turns of prompt / response / tool call and result, session_end. */
export function* sessionEvents(plan: SessionPlan): Generator<WireEvent> {
  const random = seededRandom(plan.index * 7919 + 17);
  // One checkout path per project (a shared dev box or a container), so the team's ~20 projects are ~20 rows:
  // projects are unique per directory, and a path under /home/<user> would make one per developer.
  const directory = `/srv/src/${plan.project}`;
  let sequence = 0;
  let at = plan.startMs;
  const event = (type: string, data: Record<string, unknown>): WireEvent => {
    sequence += 1;
    at += plan.stepMs;
    const emitted = new Date(at).toISOString();
    return { sequence, type, emitted_at: emitted, observed_at: emitted, data };
  };
  yield event("session_start", {
    agent_type: plan.agentType,
    agent_version: plan.agentVersion,
    working_directory: directory,
    git_branch: random() < 0.5 ? "main" : `feature/${pick(random, WORDS)}-${plan.index}`,
    slug: `${pick(random, WORDS)}-${pick(random, WORDS)}-${plan.index}`,
    developer: plan.developer,
    hostname: `${plan.developer}-laptop`,
    ...(plan.parentSessionId ? { parent_session_id: plan.parentSessionId } : {}),
  });
  let row = 0;
  let tool = 0;
  // Each event that becomes a message row counts one.
  const next = () => (row += 1);
  while (row < plan.rows) {
    next();
    yield event("message", {
      author_role: "human",
      message_type: "prompt",
      content: sentence(random, row === 1 ? plan.plants : []),
    });
    if (row >= plan.rows) break;
    // An agent turn: some thinking, a response with usage, then tool calls paired with their results.
    if (random() < 0.15 && row + 1 < plan.rows) {
      next();
      yield event("thinking", { content: sentence(random) });
    }
    const model = pick(random, plan.models);
    next();
    yield event("message", {
      author_role: "assistant",
      message_type: "response",
      content: sentence(random),
      model,
      stop_reason: "tool_use",
      token_usage: {
        input_tokens: 200 + Math.floor(random() * 4000),
        output_tokens: 50 + Math.floor(random() * 1500),
        cache_read_tokens: Math.floor(random() * 60_000),
        cache_creation_tokens: Math.floor(random() * 3000),
      },
    });
    const calls = Math.floor(random() * 3);
    for (let c = 0; c < calls && row + 2 <= plan.rows; c += 1) {
      tool += 1;
      const name = pick(random, TOOLS);
      const file = `${directory}/src/${pick(random, WORDS)}/${pick(random, WORDS)}.ts`;
      const toolUseId = `toolu_${plan.index}_${tool}`;
      const parameters =
        name === "Edit"
          ? {
              file_path: file,
              old_string: "const a = 1;\nconst b = 2;",
              new_string: "const a = 1;\nconst b = 3;\nconst c = 4;",
            }
          : name === "Write"
            ? { file_path: file, content: sentence(random) }
            : name === "Bash"
              ? { command: `pnpm test ${pick(random, WORDS)}` }
              : name === "Read"
                ? { file_path: file }
                : { pattern: pick(random, IDENTIFIERS), path: directory };
      next();
      yield event("tool_call", { tool_name: name, tool_use_id: toolUseId, parameters });
      next();
      const success = random() < 0.92;
      yield event("tool_result", {
        tool_use_id: toolUseId,
        success,
        result: success ? sentence(random) : "Error: ECONNREFUSED 127.0.0.1:5432",
      });
    }
  }
  if (plan.outcome) yield event("session_end", { outcome: plan.outcome });
}
