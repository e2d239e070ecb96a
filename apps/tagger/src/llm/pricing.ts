// USD per million tokens for analysis_runs.cost_usd: the configured prices, else a few known OpenAI models.
const KNOWN: Readonly<Record<string, { input: number; output: number }>> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4.1": { input: 2, output: 8 },
};

export interface ModelPrice {
  input: number;
  output: number;
}

export function modelPrice(
  model: string,
  configured: { input: number | undefined; output: number | undefined },
): ModelPrice | undefined {
  if (configured.input !== undefined && configured.output !== undefined) {
    return { input: configured.input, output: configured.output };
  }
  return KNOWN[model];
}

export function costOf(
  price: ModelPrice | undefined,
  inputTokens: number,
  outputTokens: number,
): number | null {
  if (!price) return null;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
