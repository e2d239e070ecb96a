// What the launcher learns about processes from Linux's /proc: who holds a TCP port, which process group a pid is
// in, whether an ancestor is still the process it was. Elsewhere (no /proc) every lookup answers "unknown" and the
// callers fall back to what Node itself can tell.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcessStat {
  pid: number;
  /** R, S, D, Z (zombie), T, ... */
  state: string;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot: with the pid, identifies a process even after its pid is reused. */
  startTime: string;
}

/** /proc/<pid>/stat, or undefined when that process does not exist (or /proc is not there). */
export function readStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const [state, ppid, pgid] = fields;
  const startTime = fields[19];
  if (state === undefined || ppid === undefined || pgid === undefined || startTime === undefined)
    return undefined;
  return { pid, state, ppid: Number(ppid), pgid: Number(pgid), startTime };
}

export function hasProcfs(): boolean {
  return readStat(process.pid) !== undefined;
}

function pids(): number[] {
  try {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Whether any live (non-zombie) process is in process group `pgid`. A zombie is finished: waiting for its
 * parent to reap it would wait for ever where nothing reaps orphans.
 */
export function groupAlive(pgid: number): boolean {
  if (!hasProcfs()) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
  return pids().some((pid) => {
    const stat = readStat(pid);
    return stat !== undefined && stat.pgid === pgid && stat.state !== "Z";
  });
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      const columns = line.trim().split(/\s+/);
      const local = columns[1];
      const state = columns[3];
      const inode = columns[9];
      if (!local || state !== "0A" || !inode || inode === "0") continue; // 0A: LISTEN
      if (Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}

export interface PortHolder {
  pid: number;
  pgid: number | undefined;
  command: string;
}

/**
 * The processes listening on TCP `port` (any address), found through the socket inodes in /proc/net/tcp{,6} and
 * each process's open file descriptors. Processes of other users are invisible without privileges: then the
 * list is empty although the port is taken.
 */
export function portHolders(port: number): PortHolder[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const holders: PortHolder[] = [];
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith("socket:[") && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      // Gone meanwhile.
    }
    holders.push({ pid, pgid: readStat(pid)?.pgid, command });
  }
  return holders;
}
