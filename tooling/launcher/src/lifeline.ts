// `pnpm start` is pnpm -> sh -> pnpm -> sh -> this launcher. On SIGTERM pnpm signals only its own child (a shell,
// which dies without passing it on), so a SIGTERM or SIGHUP to the top `pnpm start` never reaches the launcher.
// Instead the launcher watches the processes that started it: every ancestor in its own process group (the job
// a shell or supervisor started; pid 1 excluded), plus its direct parent. When one of them ends, the launcher
// stops everything as if it had been signalled.
import { hasProcfs, readStat } from "./procfs";

const POLL_MS = 500;

interface Ancestor {
  pid: number;
  startTime: string;
}

function ancestorsInGroup(): Ancestor[] {
  const self = readStat(process.pid);
  if (!self) return [];
  const chain: Ancestor[] = [];
  let pid = self.ppid;
  while (pid > 1) {
    const stat = readStat(pid);
    if (!stat || stat.pgid !== self.pgid) break;
    chain.push({ pid, startTime: stat.startTime });
    pid = stat.ppid;
  }
  return chain;
}

function alive({ pid, startTime }: Ancestor): boolean {
  const stat = readStat(pid);
  // A zombie has ended; another start time means the pid now names another process.
  return stat !== undefined && stat.state !== "Z" && stat.startTime === startTime;
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Calls `onGone` (once) when the launcher's parent or an ancestor of its job ends; returns a function that stops watching. */
export function watchAncestors(onGone: (pid: number) => void): () => void {
  const parent = process.ppid;
  const procfs = hasProcfs();
  const ancestors = procfs ? ancestorsInGroup() : [];
  const timer = setInterval(() => {
    // process.ppid is fixed at start; /proc tells the parent of now (it changes once the parent has died).
    const parentGone = procfs ? readStat(process.pid)?.ppid !== parent : !signalable(parent);
    const gone = parentGone ? parent : ancestors.find((ancestor) => !alive(ancestor))?.pid;
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
