import net from "node:net";
import { LaunchError } from "./local-host";
import { portHolders } from "./procfs";

export interface NeededPort {
  port: number;
  /** The variable that sets it, e.g. INGEST_API_PORT. */
  variable: string;
  app: string;
}

/** Whether this process could listen on `port` the way the apps do (every address). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function describeHolders(port: number): string {
  const holders = portHolders(port);
  if (holders.length === 0) return "another process (not visible to this user)";
  return holders.map((holder) => `pid ${holder.pid} (${holder.command || "unknown command"})`).join(", ");
}

/**
 * Refuses to start when a port an app will listen on is taken: the app would die with EADDRINUSE after the
 * others started, and whatever holds the port (often a leftover of an earlier run) would answer in its place.
 */
export async function ensurePortsFree(ports: NeededPort[]): Promise<void> {
  const taken: NeededPort[] = [];
  for (const needed of ports) {
    if (needed.port !== 0 && !(await canListen(needed.port))) taken.push(needed);
  }
  if (taken.length === 0) return;
  const what = taken.map(
    ({ port, variable, app }) =>
      `port ${port} (${variable}, for ${app}) is in use by ${describeHolders(port)}`,
  );
  const variables = taken.map(({ variable }) => variable).join(", ");
  throw new LaunchError(
    `not starting: ${what.join("; ")}. Stop that process, or set ${variables} to use another port.`,
  );
}

/**
 * Of the processes listening on `port`, one not in `groups` (the process groups of the apps this launcher
 * started), if any: then what answers there is not ours.
 */
export function foreignHolder(port: number, groups: Set<number>): string | undefined {
  const foreign = portHolders(port).find((holder) => holder.pgid === undefined || !groups.has(holder.pgid));
  return foreign ? `pid ${foreign.pid} (${foreign.command || "unknown command"})` : undefined;
}
