// One `catsyphon watch` per state folder: two would send the same files and race on their progress.
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class StateLockedError extends Error {}

/** Takes the state folder's lock (a stale lock of a dead process is taken over); returns its release. */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, "watch.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new StateLockedError(`another catsyphon watch (pid ${pid}) is using ${stateDir}`);
      }
      await rm(path, { force: true });
    }
  }
  throw new StateLockedError(`could not lock ${stateDir}`);
}
