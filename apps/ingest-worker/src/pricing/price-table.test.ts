import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadPriceTable, priceTableFileSchema } from "./price-table";
import builtin from "./prices.json";

describe("price table", () => {
  const table = loadPriceTable();

  it("finds models by their reported ids (snapshot dates, provider prefixes)", () => {
    expect(table.lookup("claude-sonnet-4-5-20250929")?.model).toBe("claude-sonnet-4-5");
    expect(table.lookup("claude-sonnet-4-20250514")?.model).toBe("claude-sonnet-4");
    expect(table.lookup("gpt-5-mini-2025-08-07")?.model).toBe("gpt-5-mini");
    expect(table.lookup("openai/gpt-5")?.model).toBe("gpt-5");
    expect(table.lookup("models/gemini-2.5-flash-lite")?.model).toBe("gemini-2.5-flash-lite");
    expect(table.lookup("gpt-50")).toBeUndefined();
    expect(table.lookup("mystery-model")).toBeUndefined();
  });

  it("prices input, output, cache reads and 5-minute / 1-hour cache writes; unknown models cost null", () => {
    const usage = {
      input_tokens: 1200,
      output_tokens: 85,
      cache_read_tokens: 14000,
      cache_creation_tokens: 900,
    };
    // 1200*3 + 85*15 + 14000*0.3 + 900*3.75 = 12450 per million.
    expect(table.cost("claude-sonnet-4-5-20250929", usage)).toBeCloseTo(0.01245, 10);
    const split = { ...usage, cache_creation_5m_tokens: 400, cache_creation_1h_tokens: 500 };
    expect(table.cost("claude-sonnet-4-5", split)).toBeCloseTo(
      (3600 + 1275 + 4200 + 400 * 3.75 + 500 * 6) / 1e6,
      10,
    );
    expect(table.cost("mystery-model", usage)).toBeNull();
    expect(table.cost(undefined, usage)).toBeNull();
  });

  it("lets PRICE_TABLE_FILE replace and add models, and rejects an invalid file with a clear message", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "prices-"));
    const file = path.join(dir, "prices.json");
    const entry = { input: 1, output: 2, cache_write_5m: 0, cache_write_1h: 0, cache_read: 0 };
    writeFileSync(
      file,
      JSON.stringify({
        models: [
          { model: "mystery-model", ...entry },
          { model: "gpt-5", ...entry },
        ],
      }),
    );
    const custom = loadPriceTable(file);
    expect(custom.cost("mystery-model", { input_tokens: 1_000_000 })).toBe(1);
    expect(custom.lookup("gpt-5")?.input).toBe(1);
    writeFileSync(file, JSON.stringify({ models: [{ model: "x", input: -1 }] }));
    expect(() => loadPriceTable(file)).toThrow(/PRICE_TABLE_FILE .* is invalid/);
  });
});

describe("shipped prices", () => {
  const table = loadPriceTable();
  const shipped = priceTableFileSchema.parse(builtin);

  it("prices a model by its exact id, never by a shorter family id", () => {
    // Opus 4.5 and later cost $5 / $25, not Opus 4's $15 / $75.
    expect(table.lookup("claude-opus-4-7")?.input).toBe(5);
    expect(table.lookup("claude-opus-4-20250514")?.model).toBe("claude-opus-4");
    expect(table.lookup("claude-opus-4-9")).toBeUndefined();
    expect(table.lookup("gpt-5.1-codex-max")?.model).toBe("gpt-5.1-codex-max");
    expect(table.lookup("gpt-5.1-codex-max-high")).toBeUndefined();
    expect(table.lookup("claude-sonnet-4-5@20250929")?.model).toBe("claude-sonnet-4-5");
    expect(table.lookup("claude-3-5-haiku-latest")?.model).toBe("claude-3-5-haiku");
    expect(table.lookup("codex-mini-latest")?.model).toBe("codex-mini-latest");
  });

  it("prices a response above a long-context threshold at the long rates, all of its tokens", () => {
    // Gemini 2.5 Pro: $1.25 / $10 / cached $0.125 up to 200k prompt tokens, $2.50 / $15 / $0.25 above.
    const short = { input_tokens: 120_000, cache_read_tokens: 80_000, output_tokens: 1_000 };
    expect(table.cost("gemini-2.5-pro", short)).toBeCloseTo(
      (120_000 * 1.25 + 80_000 * 0.125 + 1_000 * 10) / 1e6,
      10,
    );
    const long = { ...short, cache_read_tokens: 80_001 };
    expect(table.cost("gemini-2.5-pro", long)).toBeCloseTo(
      (120_000 * 2.5 + 80_001 * 0.25 + 1_000 * 15) / 1e6,
      10,
    );
    // Claude Sonnet 4.5 counts cache writes in the prompt too (1M-context beta: $6 / $22.50, writes at 1.25x).
    const claude = { input_tokens: 1_000, cache_creation_tokens: 200_000, output_tokens: 100 };
    expect(table.cost("claude-sonnet-4-5-20250929", claude)).toBeCloseTo(
      (1_000 * 6 + 200_000 * 7.5 + 100 * 22.5) / 1e6,
      10,
    );
    // Sonnet 4.6 has the 1M window at standard prices.
    expect(table.cost("claude-sonnet-4-6", claude)).toBeCloseTo(
      (1_000 * 3 + 200_000 * 3.75 + 100 * 15) / 1e6,
      10,
    );
  });

  it("names a dated source for every row, once per model id", () => {
    const ids = shipped.models.map((row) => row.model);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shipped.models.filter((row) => !row.source || !row.source_date).map((row) => row.model)).toEqual(
      [],
    );
    const cheaperWhenLong = shipped.models.filter(
      (row) => row.long_context && row.long_context.input <= row.input,
    );
    expect(cheaperWhenLong).toEqual([]);
  });

  it("prices every model id the fixtures report, except ids no vendor prices", () => {
    // Ids in the fixtures that are not priced models: placeholders and typos of the fixtures' authors, Claude
    // Code's marker for messages it wrote itself, a Codex-internal review model, and a retired model whose price
    // no source found here states. They cost null (their tokens are still counted).
    const unpriced = [
      "<synthetic>",
      "claude-3-sonnet",
      "claude-3-sonnet-20240229",
      "codex-auto-review",
      "gmini-pro",
      "synthetic-model",
    ];
    const seen = [...fixtureModelIds(FIXTURES)].sort();
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((id) => table.lookup(id) === undefined)).toEqual(unpriced);
    for (const id of unpriced) expect(table.cost(id, { input_tokens: 1 })).toBeNull();
  });
});

/** The repo's copy of shared/fixtures plus the parsers' own fixtures. */
const FIXTURES = path.resolve(__dirname, "../../../../packages/parsers/test/fixtures");

function modelIdsIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) modelIdsIn(item, into);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "model" && typeof inner === "string" && inner !== "" && !inner.startsWith("[")) {
        into.add(inner);
      } else {
        modelIdsIn(inner, into);
      }
    }
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fixtureModelIds(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    if (entry.name.endsWith(".jsonl")) text.split("\n").forEach((line) => modelIdsIn(parsed(line), ids));
    else if (entry.name.endsWith(".json")) modelIdsIn(parsed(text), ids);
  }
  return ids;
}
