// Readiness probes: each dependency gets a bounded time to answer, so /ready never hangs on a dead connection.

export type DependencyState = "ok" | "unavailable";

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every probe at once; a probe that throws or takes longer than the timeout is "unavailable". */
export async function checkDependencies(
  probes: Record<string, () => Promise<unknown>>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Record<string, DependencyState>> {
  const names = Object.keys(probes);
  const results = await Promise.allSettled(
    names.map((name) => withTimeout((probes[name] as () => Promise<unknown>)(), timeoutMs)),
  );
  return Object.fromEntries(
    names.map((name, i) => [name, results[i]?.status === "fulfilled" ? "ok" : "unavailable"]),
  );
}
