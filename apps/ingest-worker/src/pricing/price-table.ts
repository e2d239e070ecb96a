// Model prices (USD per million tokens) and the cost of one model response. The table ships with the project
// (prices.json, a dated source per row) and can be overridden or extended per model by a file named in
// PRICE_TABLE_FILE. Matching and long-context tiers: decision 0027.
import { readFileSync } from "node:fs";
import { type TokenUsage } from "@catsyphon/protocol";
import { z } from "zod";
import builtin from "./prices.json";

const price = z.number().nonnegative();
const ratesShape = {
  input: price,
  output: price,
  cache_write_5m: price,
  cache_write_1h: price,
  cache_read: price,
};
export type Rates = z.infer<z.ZodObject<typeof ratesShape>>;
const modelPriceSchema = z.object({
  model: z.string().min(1),
  ...ratesShape,
  /** The vendor's rates for a response whose prompt is longer than `above_prompt_tokens`. */
  long_context: z.object({ above_prompt_tokens: z.number().int().positive(), ...ratesShape }).optional(),
  source: z.string().min(1).optional(),
  source_date: z.iso.date().optional(),
  notes: z.string().optional(),
});
export const priceTableFileSchema = z.object({
  as_of: z.string().optional(),
  models: z.array(modelPriceSchema),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

const PROVIDER_PREFIX = /^(anthropic|openai|google|models)\//;
// A snapshot of a model is the model at its price: claude-…-20250929, gpt-…-2025-08-07, Vertex's claude-…@20250929,
// and Anthropic's -latest aliases. Nothing else is stripped: a longer id is another model (claude-opus-4-7 is not
// claude-opus-4), and stays unpriced until it has a row of its own.
const SNAPSHOT_SUFFIX = /(-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-latest)$/;

export class PriceTable {
  private readonly byId: Map<string, ModelPrice>;

  constructor(models: readonly ModelPrice[]) {
    // Later rows replace earlier ones with the same id (an override file after the shipped table).
    this.byId = new Map(models.map((m) => [m.model.toLowerCase(), { ...m, model: m.model.toLowerCase() }]));
  }

  /** Prices of a model id as agents report it (provider prefix, snapshot date); undefined when unknown. */
  lookup(model: string): ModelPrice | undefined {
    const id = model.toLowerCase().replace(PROVIDER_PREFIX, "");
    return this.byId.get(id) ?? this.byId.get(id.replace(SNAPSHOT_SUFFIX, ""));
  }

  /**
   * The rates for one response: the long-context tier when the vendor has one and this response's prompt (input,
   * cache reads and cache writes together, as the vendors count it) is longer than its threshold.
   */
  ratesFor(prices: ModelPrice, usage: TokenUsage): Rates {
    const tier = prices.long_context;
    if (tier === undefined) return prices;
    const writes =
      usage.cache_creation_tokens ??
      (usage.cache_creation_5m_tokens ?? 0) + (usage.cache_creation_1h_tokens ?? 0);
    const prompt = (usage.input_tokens ?? 0) + (usage.cache_read_tokens ?? 0) + writes;
    return prompt > tier.above_prompt_tokens ? tier : prices;
  }

  /**
   * Cost of one response in USD, or null when the model is unknown (never 0: an unknown price is not free).
   * Cache writes use the 1-hour price for tokens reported as 1-hour writes and the 5-minute price otherwise.
   */
  cost(model: string | undefined, usage: TokenUsage): number | null {
    const row = model ? this.lookup(model) : undefined;
    if (!row) return null;
    const prices = this.ratesFor(row, usage);
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
