// Model prices (USD per million tokens) and the cost of one model response. The table ships with the project
// (prices.json, dated) and can be overridden or extended per model by a file named in PRICE_TABLE_FILE.
import { readFileSync } from "node:fs";
import { type TokenUsage } from "@catsyphon/protocol";
import { z } from "zod";
import builtin from "./prices.json";

const price = z.number().nonnegative();
const modelPriceSchema = z.object({
  model: z.string().min(1),
  input: price,
  output: price,
  cache_write_5m: price,
  cache_write_1h: price,
  cache_read: price,
});
export const priceTableFileSchema = z.object({
  as_of: z.string().optional(),
  models: z.array(modelPriceSchema),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export class PriceTable {
  // Longest model id first, so "gpt-5-mini" wins over "gpt-5" for "gpt-5-mini-2025-08-07".
  private readonly byPrefix: ModelPrice[];

  constructor(models: readonly ModelPrice[]) {
    const unique = new Map(
      models.map((m) => [m.model.toLowerCase(), { ...m, model: m.model.toLowerCase() }]),
    );
    this.byPrefix = [...unique.values()].sort((a, b) => b.model.length - a.model.length);
  }

  /** Prices of a model id as agents report it (dated suffixes, provider prefixes); undefined when unknown. */
  lookup(model: string): ModelPrice | undefined {
    const id = model.toLowerCase().replace(/^(anthropic|openai|google|models)\//, "");
    return this.byPrefix.find(
      (entry) => id === entry.model || id.startsWith(`${entry.model}-`) || id.startsWith(`${entry.model}@`),
    );
  }

  /**
   * Cost of one response in USD, or null when the model is unknown (never 0: an unknown price is not free).
   * Cache writes use the 1-hour price for tokens reported as 1-hour writes and the 5-minute price otherwise.
   */
  cost(model: string | undefined, usage: TokenUsage): number | null {
    const prices = model ? this.lookup(model) : undefined;
    if (!prices) return null;
    const oneHour = usage.cache_creation_1h_tokens ?? 0;
    const fiveMinute =
      usage.cache_creation_5m_tokens ?? Math.max(0, (usage.cache_creation_tokens ?? 0) - oneHour);
    const total =
      (usage.input_tokens ?? 0) * prices.input +
      (usage.output_tokens ?? 0) * prices.output +
      (usage.cache_read_tokens ?? 0) * prices.cache_read +
      fiveMinute * prices.cache_write_5m +
      oneHour * prices.cache_write_1h;
    return total / 1_000_000;
  }
}

/** The shipped table, with the entries of `overrideFile` (if any) replacing or adding models. */
export function loadPriceTable(overrideFile?: string): PriceTable {
  const shipped = priceTableFileSchema.parse(builtin);
  if (!overrideFile) return new PriceTable(shipped.models);
  const parsed = priceTableFileSchema.safeParse(JSON.parse(readFileSync(overrideFile, "utf8")));
  if (!parsed.success) {
    throw new Error(`PRICE_TABLE_FILE ${overrideFile} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return new PriceTable([...shipped.models, ...parsed.data.models]);
}
