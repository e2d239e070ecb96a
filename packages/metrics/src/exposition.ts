// Reading Prometheus text exposition back: for tests that scrape a service and for the check that the example
// alert rules and dashboard only name metrics the services expose.

/** Samples by their series ("name{label=\"value\",...}" exactly as exposed), e.g. `catsyphon_queue_jobs{...}`. */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** Every sample name a scrape shows (a histogram's _bucket, _sum and _count included). */
export function metricNamesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (match) names.add(match[0]);
  }
  return names;
}

const REFERENCED = /\b(?:catsyphon|process|nodejs)_[a-zA-Z0-9_]+/g;

/** The metric names a PromQL expression uses (ours and the default process metrics). */
export function metricNamesReferenced(expression: string): Set<string> {
  return new Set(expression.match(REFERENCED) ?? []);
}
