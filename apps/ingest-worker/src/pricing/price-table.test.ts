import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadPriceTable } from "./price-table";

describe("price table", () => {
  const table = loadPriceTable();

  it("finds models by their reported ids (dated suffixes, provider prefixes, longest match)", () => {
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
