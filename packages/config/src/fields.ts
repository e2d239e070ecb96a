import { z } from "zod";

// Builders for env-var schemas. Each takes the raw string (already trimmed by `envShape`) and yields a typed value,
// with messages phrased to follow "NAME: " in a ConfigError.

/** Environment values are strings; surrounding whitespace is noise and a blank value means "not set". */
function blankToUndefined(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

type EnvField<S extends z.ZodType> = z.ZodPreprocess<S>;

/**
 * Wraps every schema of a fragment so blank values count as unset (and hit `.default()` / `.optional()`), whichever
 * object the fragment is later spread into.
 */
export function envShape<S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: EnvField<S[K]> } {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, z.preprocess(blankToUndefined, schema)]),
  ) as { [K in keyof S]: EnvField<S[K]> };
}

const TRUTHY = ["true", "1", "yes"];
const FALSY = ["false", "0", "no"];

/** Strict boolean: true/false/1/0/yes/no in any case; anything else is an error rather than silently false. */
export const bool = () =>
  z.stringbool({ truthy: TRUTHY, falsy: FALSY, error: `must be one of ${[...TRUTHY, ...FALSY].join("/")}` });

/** Whole number in [min, max]; rejects "12abc", "1e3", "0x10" and "1.5", which Number() or parseInt would accept. */
export const int = (min: number, max: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^[+-]?\d+$/, { error })
    .transform(Number)
    .pipe(z.int().min(min, { error }).max(max, { error }));
};

/** TCP port; 0 lets the OS pick a free one (handy for tests running services side by side). */
export const port = () => int(0, 65_535);

export const url = (protocols: readonly string[]) =>
  z.url({
    protocol: new RegExp(`^(?:${protocols.join("|")})$`),
    error: `must be a ${protocols.map((p) => `${p}://`).join(" or ")} URL`,
  });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

export const text = (minLength = 1) =>
  z.string().min(minLength, { error: `must be at least ${minLength} characters` });

export const email = () => z.email({ error: "must be an email address" });

export const uuid = () => z.uuid({ error: "must be a UUID" });
