// `catsyphon ingest <paths...>`: a one-shot backfill or upload. Exit code 0 only when every event was accepted.
import { createClient } from "../client";
import { type CredentialFlags, resolveCredentials } from "../credentials";
import { type WatcherSettings } from "../env";
import { ProgressReporter } from "../progress";
import { FileShipper, SessionConflict } from "../shipping/file-shipper";
import { discoverLogs } from "../sources/discover";
import { MemoryStateStore } from "../state/state-store";

export interface IngestFlags extends CredentialFlags {
  paths: string[];
  excludes: string[];
  redact: boolean;
  idleSeconds?: number;
}

export interface IngestSummary {
  files: number;
  sessions: number;
  events: number;
  failed: number;
  /** Files refused with 409 session_conflict (counted in `failed` too). */
  conflicts: number;
  skipped: number;
}

/** Files shipped at once: enough to hide round trips, few enough to keep memory and the server calm. */
const CONCURRENCY = 4;

export async function ingest(
  flags: IngestFlags,
  settings: WatcherSettings,
  err: NodeJS.WriteStream,
): Promise<IngestSummary> {
  const credentials = await resolveCredentials(flags, settings);
  const files = await discoverLogs(flags.paths, flags.excludes);
  const progress = new ProgressReporter(
    err,
    files.length,
    files.reduce((sum, file) => sum + file.size, 0),
  );
  const client = createClient(credentials, (info) =>
    progress.note(`retrying in ${Math.round(info.delayMs)} ms (${info.status ?? errorName(info.error)})`),
  );
  const shipper = new FileShipper({
    client,
    store: new MemoryStateStore(),
    redact: flags.redact,
    excludes: flags.excludes,
    idleMs: (flags.idleSeconds ?? settings.CATSYPHON_SESSION_IDLE_SECONDS) * 1000,
    onProgress: ({ events, bytes }) => progress.step(events, bytes),
  });
  const sessions = new Set<string>();
  let failed = 0;
  let conflicts = 0;
  let skipped = 0;
  let next = 0;
  const work = async () => {
    while (next < files.length) {
      const file = files[next++];
      if (!file) break;
      try {
        const result = await shipper.ship(file.path, { final: true });
        if (result.sessionId) sessions.add(result.sessionId);
        if (result.skipped) skipped += 1;
        progress.fileDone(
          result.skipped
            ? `skipped ${file.path} (${result.skipped.replaceAll("_", " ")})`
            : `sent ${file.path}: session ${result.sessionId}, ${result.sent} events${result.completed ? ", completed" : ""}`,
        );
      } catch (error) {
        failed += 1;
        if (error instanceof SessionConflict) {
          conflicts += 1;
          progress.note(
            `failed ${file.path}: ${error.message}; keep one of the files, or leave this one out with ` +
              `--exclude '${file.path}'`,
          );
        } else {
          progress.note(`failed ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
        }
        progress.fileDone(`failed ${file.path}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, work));
  } finally {
    await shipper.close().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
  const totals = progress.done();
  const summary = {
    files: files.length,
    sessions: sessions.size,
    events: totals.events,
    failed,
    conflicts,
    skipped,
  };
  err.write(
    `${summary.files} files, ${summary.sessions} sessions, ${summary.events} events sent, ` +
      `${summary.skipped} skipped, ${summary.failed} failed` +
      (conflicts > 0 ? ` (${conflicts} with a session conflict)` : "") +
      "\n",
  );
  return summary;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.message : "error";
}
