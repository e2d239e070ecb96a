// The Node flags of a process that parses big session logs (the catsyphon watcher). Parsing a 4 MiB chunk makes
// tens of MB of short-lived garbage; with Node's defaults it piles up (a 200 MB file peaked at 387 MB RSS). A small
// young generation and a tight old-generation growth factor collect it as it comes, with no hard heap cap that a
// big state could hit. The catsyphon bin starts the CLI with these flags, and `pnpm bench:parse` measures peak
// memory under them: both read them from here, so they cannot drift apart (docs/benchmarks.md, bench:parse).
export const PARSING_PROCESS_FLAGS: readonly string[] = [
  "--max-semi-space-size=2",
  "--heap-growing-percent=20",
];

/** `--max_semi_space_size=2` and `--max-semi-space-size 2` name the same flag. */
function flagName(option: string): string {
  return (option.split("=", 1)[0] ?? option).replaceAll("_", "-");
}

/**
 * The flags of PARSING_PROCESS_FLAGS that neither the command line (`execArgv`) nor NODE_OPTIONS sets: a value the
 * user chose is kept.
 */
export function missingProcessFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = new Set([...execArgv, ...(nodeOptions ?? "").split(/\s+/)].map(flagName));
  return PARSING_PROCESS_FLAGS.filter((flag) => !given.has(flagName(flag)));
}
