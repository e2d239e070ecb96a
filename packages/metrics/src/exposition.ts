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

/**
 * Every series name a scrape declares, whether or not it has samples yet: a histogram's _bucket, _sum and _count,
 * a summary's _sum and _count, a counter or gauge by its own name.
 */
export function metricNamesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const declared = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$/.exec(line);
    if (declared) {
      const [, name = "", type] = declared;
      names.add(name);
      if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
      if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (sample) names.add(sample[0]);
  }
  return names;
}

const REFERENCED = /\b(?:catsyphon|process|nodejs)_[a-zA-Z0-9_]+/g;

/** The metric names a PromQL expression uses (ours and the default process metrics). */
export function metricNamesReferenced(expression: string): Set<string> {
  return new Set(expression.match(REFERENCED) ?? []);
}
