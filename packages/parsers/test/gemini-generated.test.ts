// A generated long Gemini session (a few thousand JSONL lines with re-appends, patches, rewinds and
// compactions; and the same conversation as a legacy document): exact counts, and whole == pieces.
import { describe, expect, it } from "@jest/globals";

import { geminiLegacyParser, geminiParser } from "../src/gemini";
import { at, CHATS, gemini, header, jsonl, summarize, user } from "./gemini-helpers";
import { expectSameEventsInPieces } from "./support";

const TURNS = 600;

interface Generated {
  records: unknown[];
  messages: Record<string, unknown>[];
  prompts: number;
  responses: number;
  calls: number;
  input: number;
  output: number;
  cached: number;
  rewinds: number;
  compactions: number;
}

function generate(): Generated {
  const g: Generated = {
    records: [header("generated-session")],
    messages: [],
    prompts: 0,
    responses: 0,
    calls: 0,
    input: 0,
    output: 0,
    cached: 0,
    rewinds: 0,
    compactions: 0,
  };
  let second = 0;
  for (let turn = 0; turn < TURNS; turn++) {
    const prompt = user(`u${turn}`, (second += 1), `step ${turn}: ünïcödé ✓ ${"x".repeat(turn % 7)}`);
    g.records.push(prompt, { $set: { lastUpdated: at(second) } });
    g.prompts += 1;
    if (turn % 97 === 50) {
      // Rewound before any answer: the prompt stays sent (history is append-only), named as rewound.
      g.records.push({ $rewindTo: `u${turn}` });
      g.rewinds += 1;
      continue;
    }
    g.messages.push(prompt);
    const tokens = { input: 1000 + turn, output: 10, cached: 500, thoughts: 3, tool: 0, total: 1013 + turn };
    const call = {
      id: `call-${turn}`,
      name: "read_file",
      args: { absolute_path: `/src/f${turn}.ts` },
      timestamp: at(second + 1),
    };
    const thoughts = [{ subject: "Think", description: `turn ${turn}`, timestamp: at(second) }];
    const id = `g${turn}`;
    g.records.push(gemini(id, (second += 1), { thoughts }));
    g.records.push(gemini(id, second, { thoughts, tokens }));
    g.records.push(gemini(id, second, { thoughts, tokens, toolCalls: [{ ...call, status: "executing" }] }));
    const done = gemini(id, second, {
      thoughts,
      tokens,
      toolCalls: [
        {
          ...call,
          status: "success",
          result: [{ functionResponse: { id: call.id, response: { output: `line ${turn}\n` } } }],
        },
      ],
    });
    g.records.push(done);
    g.messages.push(done);
    // Current Gemini CLI also records the tool response as a user record: neither a prompt nor a second result.
    const response = {
      id: `r${turn}`,
      timestamp: at(second),
      type: "user",
      content: [
        { functionResponse: { id: call.id, name: call.name, response: { output: `line ${turn}\n` } } },
      ],
    };
    g.records.push(response);
    g.messages.push(response);
    g.responses += 1;
    g.calls += 1;
    g.input += tokens.input - tokens.cached;
    g.output += tokens.output + tokens.thoughts;
    g.cached += tokens.cached;
    if (turn % 150 === 149) {
      g.records.push({ $set: { summary: `after ${turn} turns` } });
      g.records.push({
        $set: { messages: [{ id: `snap-${turn}`, type: "user", content: `summary ${turn}` }] },
      });
      g.compactions += 1;
    }
  }
  return g;
}

const generated = generate();
const JSONL_FILE = { path: `${CHATS}/session-generated.jsonl` };
const LEGACY_FILE = { path: `${CHATS}/session-generated.json` };

describe("gemini generated session", () => {
  it("JSONL: a few thousand lines give exact counts and token sums", () => {
    const bytes = jsonl(...generated.records);
    expect(generated.records.length).toBeGreaterThan(3000);
    const s = summarize(geminiParser, bytes, JSONL_FILE);
    expect(s.prompts).toHaveLength(generated.prompts);
    expect(s.responses).toBe(generated.responses);
    expect(s.toolCallIds).toHaveLength(generated.calls);
    expect(Object.values(s.toolResults).every((success) => success)).toBe(true);
    expect(Object.keys(s.toolResults)).toHaveLength(generated.calls);
    expect(s.thinking).toBe(generated.responses);
    expect(s.tokens).toEqual({
      input: generated.input,
      output: generated.output,
      cacheRead: generated.cached,
    });
    const rewinds = s.events.filter((event) => event.type === "metadata" && "rewinds" in event.data);
    expect(rewinds).toHaveLength(generated.rewinds);
    // Each names exactly the rewound prompt's event: the one just before it.
    for (const rewind of rewinds) {
      const [range] = rewind.data.rewinds as { first_sequence: number; last_sequence: number }[];
      expect(range).toMatchObject({
        first_sequence: rewind.sequence - 1,
        last_sequence: rewind.sequence - 1,
      });
    }
    // The first compaction needs a first turn to compare with; every one after it is found too.
    expect(s.metadata.filter((data) => "compaction" in data)).toHaveLength(generated.compactions);
    expect(s.metadata.filter((data) => "summaries" in data)).toHaveLength(generated.compactions);
    expect(s.warnings).toEqual([]);
  });

  it("JSONL: same events whole and in pieces", () => {
    expectSameEventsInPieces(geminiParser, jsonl(...generated.records), JSONL_FILE, 15);
  });

  it("legacy document: same conversation, same counts, same events in pieces", () => {
    const bytes = Buffer.from(
      JSON.stringify({
        sessionId: "generated-session",
        projectHash: "abc",
        startTime: at(0),
        messages: generated.messages,
      }),
    );
    const s = summarize(geminiLegacyParser, bytes, LEGACY_FILE);
    // The document holds only what was not rewound.
    expect(s.prompts).toHaveLength(generated.prompts - generated.rewinds);
    expect(s.responses).toBe(generated.responses);
    expect(s.tokens).toEqual({
      input: generated.input,
      output: generated.output,
      cacheRead: generated.cached,
    });
    expectSameEventsInPieces(geminiLegacyParser, bytes, LEGACY_FILE, 5);
  });
});
