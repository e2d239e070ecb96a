// `catsyphon watch`: backfills every log in the agents' folders, then follows them (chokidar, plus a periodic
// rescan that catches what file events miss), completing sessions that go idle. `--once` stops after the
// backfill.
import { watch as watchFiles, type FSWatcher } from "chokidar";

import { createClient } from "../client";
import { type CredentialFlags, resolveCredentials } from "../credentials";
import { type WatcherSettings } from "../env";
import { ProgressReporter } from "../progress";
import { FileQueue } from "../shipping/file-queue";
import { FileShipper } from "../shipping/file-shipper";
import { type AgentDirOverrides, agentRoots } from "../sources/agent-dirs";
import { discoverLogs, isCandidateLog, isExcluded } from "../sources/discover";
import { lockStateDir } from "../state/lock";
import { StateStore } from "../state/state-store";

export interface WatchFlags extends CredentialFlags, AgentDirOverrides {
  once: boolean;
  excludes: string[];
  redact: boolean;
  idleSeconds?: number;
  /** Extra folders or files to follow besides the agents' own. */
  paths: string[];
}

const RESCAN_MS = 60_000;
const CONCURRENCY = 4;

export interface WatchHandle {
  /** Resolves when the watcher stopped (after --once's backfill, or after stop()). */
  finished: Promise<{ failed: number }>;
  stop(): Promise<void>;
}

export async function watch(
  flags: WatchFlags,
  settings: WatcherSettings,
  err: NodeJS.WriteStream,
): Promise<WatchHandle> {
  const credentials = await resolveCredentials(flags, settings);
  const release = await lockStateDir(settings.stateDir);
  const log = (line: string) => err.write(`${new Date().toISOString()} ${line}\n`);
  const roots = [...agentRoots(settings.homeDir, flags).map((root) => root.path), ...flags.paths];
  const store = new StateStore(settings.stateDir);
  const idleMs = (flags.idleSeconds ?? settings.CATSYPHON_SESSION_IDLE_SECONDS) * 1000;
  const client = createClient(credentials);
  let progress: ProgressReporter | null = null;
  const shipper = new FileShipper({
    client,
    store,
    redact: flags.redact,
    excludes: flags.excludes,
    idleMs,
    onProgress: ({ events, bytes }) => progress?.step(events, bytes),
  });
  let failed = 0;
  const queue = new FileQueue({
    concurrency: CONCURRENCY,
    run: async (path) => {
      const result = await shipper.ship(path);
      if (!progress && result.sent > 0) log(`sent ${result.sent} events of ${result.sessionId} (${path})`);
      if (result.completed) log(`completed idle session ${result.sessionId}`);
    },
    onError: (path, error, retryInMs) => {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      const line =
        retryInMs === null
          ? `failed ${path}: ${message}`
          : `server unavailable (${message}); retrying in ${Math.round(retryInMs / 1000)} s`;
      if (progress) progress.note(line);
      else log(line);
    },
  });

  const scan = async () => {
    const files = await discoverLogs(roots, flags.excludes);
    const known = new Map((await store.summaries()).map((file) => [file.path, file]));
    return files.filter((file) => {
      const tracked = known.get(file.path);
      return !tracked || tracked.size !== file.size || tracked.lastError !== null;
    });
  };

  // Backfill first, with progress.
  const pending = await scan();
  log(`backfilling ${pending.length} files from ${roots.join(", ")}`);
  progress = new ProgressReporter(
    err,
    pending.length,
    pending.reduce((sum, file) => sum + file.size, 0),
  );
  const backfillFailedBefore = failed;
  for (const file of pending) queue.schedule(file.path);
  await queue.drained();
  const totals = progress.done();
  progress = null;
  log(`backfill done: ${totals.events} events sent, ${failed - backfillFailedBefore} failures`);

  let watcher: FSWatcher | null = null;
  const timers: NodeJS.Timeout[] = [];
  let resolveFinished: (value: { failed: number }) => void = () => undefined;
  const finished = new Promise<{ failed: number }>((resolve) => (resolveFinished = resolve));
  let stopping: Promise<void> | null = null;

  const completeIdle = async () => {
    const idleSince = Date.now() - idleMs;
    for (const file of await store.summaries()) {
      // A file read more recently than the idle time cannot be idle (its mtime is at least as recent).
      if (!file.completable || file.mtimeMs > idleSince) continue;
      try {
        if (await shipper.completeIfIdle(file.path)) {
          log(`completed idle session ${file.sessionId} (${file.path})`);
        }
      } catch (error) {
        log(`could not complete ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  // Logs deleted or renamed away (agents prune old sessions): their sessions are completed and the files forgotten,
  // so the state folder and `catsyphon status` do not keep them for ever. Only files quiet for the idle time are
  // looked at, so a log being rotated is not taken for gone.
  const forgetMissing = async () => {
    const idleSince = Date.now() - idleMs;
    for (const file of await store.summaries()) {
      if (file.mtimeMs > idleSince) continue;
      try {
        if (await shipper.forgetIfMissing(file.path)) log(`forgot ${file.path}: the file is gone`);
      } catch (error) {
        log(`could not complete ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const stop = () => {
    stopping ??= (async () => {
      timers.forEach((timer) => clearInterval(timer));
      await watcher?.close();
      await queue.stop();
      await shipper.close().catch(() => undefined);
      await client.close().catch(() => undefined);
      await release();
      resolveFinished({ failed });
    })();
    return stopping;
  };

  if (flags.once) {
    await completeIdle();
    await stop();
    return { finished, stop };
  }

  watcher = watchFiles(roots, {
    ignoreInitial: true,
    ignored: (path, stats) =>
      (stats?.isFile() ?? false) && (!isCandidateLog(path) || isExcluded(path, flags.excludes)),
  });
  watcher.on("add", (path) => queue.schedule(path));
  watcher.on("change", (path) => queue.schedule(path));
  watcher.on("error", (error) =>
    log(`file watching error: ${error instanceof Error ? error.message : String(error)}`),
  );
  // One periodic pass at a time: a slow one (many files, a server that is down) is not overlapped by the next.
  let rescanning = false;
  timers.push(
    setInterval(
      () => {
        if (rescanning) return;
        rescanning = true;
        void scan()
          .then((files) => files.forEach((file) => queue.schedule(file.path)))
          .then(forgetMissing)
          // A failed pass (a folder unreadable for a moment) is logged; the next one tries again.
          .catch((error: unknown) =>
            log(`rescan failed: ${error instanceof Error ? error.message : String(error)}`),
          )
          .finally(() => (rescanning = false));
      },
      Math.min(RESCAN_MS, idleMs),
    ),
    setInterval(() => void completeIdle(), Math.max(1000, Math.min(30_000, idleMs / 4))),
  );
  // chokidar reports nothing for files it finds in its own first scan (ignoreInitial): a file written between the
  // backfill's scan and the end of chokidar's would wait for the periodic rescan. Rescan once chokidar is ready.
  const ready = watcher;
  await new Promise<void>((resolve) => ready.once("ready", () => resolve()));
  for (const file of await scan()) queue.schedule(file.path);
  log("following changes");
  return { finished, stop };
}
