// The tagger's Prometheus metrics (text exposition 0.0.4). Counters live in this process; the paused-workspace
// gauge is read from Postgres at scrape time, so every replica reports the same number.
export interface TaggerCounters {
  tagged: { rules: number; llm: number };
  llmCalls: { succeeded: number; invalid: number; failed: number };
  cacheHits: number;
  pauses: number;
}

export function newTaggerCounters(): TaggerCounters {
  return {
    tagged: { rules: 0, llm: 0 },
    llmCalls: { succeeded: 0, invalid: 0, failed: 0 },
    cacheHits: 0,
    pauses: 0,
  };
}

function metric(
  name: string,
  type: "counter" | "gauge",
  help: string,
  values: readonly [labels: string, value: number][],
): string {
  const lines = values.map(([labels, value]) => `${name}${labels} ${value}`);
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${lines.join("\n")}\n`;
}

export function renderTaggerMetrics(
  counters: TaggerCounters,
  state: { llmEnabled: boolean; pausedWorkspaces: number | undefined },
): string {
  return [
    metric(
      "catsyphon_tagger_llm_enabled",
      "gauge",
      "1 when an LLM is configured (OPENAI_BASE_URL or OPENAI_API_KEY).",
      [["", state.llmEnabled ? 1 : 0]],
    ),
    metric(
      "catsyphon_tagger_conversations_tagged_total",
      "counter",
      "Conversations tagged, by the newest source of their tags.",
      [
        ['{source="rules"}', counters.tagged.rules],
        ['{source="llm"}', counters.tagged.llm],
      ],
    ),
    metric("catsyphon_tagger_llm_requests_total", "counter", "LLM requests, by result.", [
      ['{status="succeeded"}', counters.llmCalls.succeeded],
      ['{status="invalid"}', counters.llmCalls.invalid],
      ['{status="failed"}', counters.llmCalls.failed],
    ]),
    metric("catsyphon_tagger_cache_hits_total", "counter", "LLM answers served from tag_cache.", [
      ["", counters.cacheHits],
    ]),
    metric(
      "catsyphon_tagger_pauses_total",
      "counter",
      "Workspaces paused by this process after an authentication or quota error.",
      [["", counters.pauses]],
    ),
    state.pausedWorkspaces === undefined
      ? ""
      : metric(
          "catsyphon_tagger_paused_workspaces",
          "gauge",
          "Workspaces whose LLM tagging is paused now (auth or quota error); see tagger_pauses.",
          [["", state.pausedWorkspaces]],
        ),
  ].join("");
}
