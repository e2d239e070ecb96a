import { type z } from "zod";
import { isSecretEnvName } from "../secrets";

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface EnvProblem {
  /** The variable's name, e.g. "DATABASE_POOL_SIZE". */
  readonly name: string;
  /** What is wrong, without the value of secret variables. */
  readonly message: string;
}

/** Thrown at boot when the environment does not validate; the message lists every bad variable at once. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(readonly problems: readonly EnvProblem[]) {
    const names = new Set(problems.map((p) => p.name));
    const lines = problems.map((p) => `  ${p.name}: ${p.message}`);
    super(
      `Invalid environment (${names.size} variable${names.size === 1 ? "" : "s"}):\n${lines.join("\n")}\n` +
        "See .env.example for every variable and its default.",
    );
  }
}

const MAX_ECHO = 80;

/** Shows what was received, which is what makes "must be an integer" actionable; never for secrets. */
function describeValue(name: string, source: EnvSource): string {
  const raw = source[name]?.trim();
  if (raw === undefined || raw === "" || isSecretEnvName(name)) return "";
  const shown = raw.length > MAX_ECHO ? `${raw.slice(0, MAX_ECHO)}...` : raw;
  return ` (got ${JSON.stringify(shown)})`;
}

function toProblems(error: z.ZodError, source: EnvSource): EnvProblem[] {
  const seen = new Set<string>();
  const problems: EnvProblem[] = [];
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "(environment)";
    const message = `${issue.message}${describeValue(name, source)}`;
    const key = `${name}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ name, message });
  }
  return problems;
}

/**
 * Validates `source` (process.env by default) against an env schema and returns the typed config, or throws a
 * ConfigError naming every invalid variable. Variables the schema does not know are ignored.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource = process.env): z.output<S> {
  const result = schema.safeParse(source);
  if (!result.success) throw new ConfigError(toProblems(result.error, source));
  return result.data;
}
