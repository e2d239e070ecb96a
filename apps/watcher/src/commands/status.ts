// `catsyphon status`: what the watcher tracks, what is pending or failing, and the last error.
import { stat } from "node:fs/promises";

import { type WatcherSettings } from "../env";
import { StateStore } from "../state/state-store";
import { type TrackedFile } from "../state/tracked-file";

export type FileStatus = "sent" | "pending" | "failing" | "conflict" | "excluded" | "not_a_log" | "missing";

export interface StatusReport {
  stateDir: string;
  files: Array<{
    path: string;
    status: FileStatus;
    format: string | null;
    sessionId: string | null;
    ackedSequence: number;
    completed: boolean;
    lastError: string | null;
    /** 409 session_conflict: the server holds other events of this session id (see the README). */
    conflict: TrackedFile["conflict"];
  }>;
  counts: Record<FileStatus, number>;
  lastError: { path: string; message: string; at: string } | null;
}

async function statusOf(file: TrackedFile): Promise<FileStatus> {
  if (file.excluded) return "excluded";
  if (file.format === null) return "not_a_log";
  const info = await stat(file.path).catch(() => null);
  if (!info) return "missing";
  if (file.conflict !== null) return "conflict";
  if (file.lastError !== null) return "failing";
  return info.size !== file.size ? "pending" : "sent";
}

export async function statusReport(settings: WatcherSettings): Promise<StatusReport> {
  const tracked = await new StateStore(settings.stateDir).list();
  const counts: Record<FileStatus, number> = {
    sent: 0,
    pending: 0,
    failing: 0,
    conflict: 0,
    excluded: 0,
    not_a_log: 0,
    missing: 0,
  };
  const files: StatusReport["files"] = [];
  for (const file of tracked) {
    const status = await statusOf(file);
    counts[status] += 1;
    files.push({
      path: file.path,
      status,
      format: file.format,
      sessionId: file.checkpoint?.session?.sessionId ?? null,
      ackedSequence: file.ackedSequence,
      completed:
        file.completedSequence !== null &&
        file.completedSequence === (file.checkpoint?.nextSequence ?? 1) - 1,
      lastError: file.lastError,
      conflict: file.conflict,
    });
  }
  const failing = tracked
    .filter((file) => file.lastError !== null && file.lastErrorAt !== null)
    .sort((a, b) => (b.lastErrorAt ?? 0) - (a.lastErrorAt ?? 0))[0];
  return {
    stateDir: settings.stateDir,
    files,
    counts,
    lastError: failing
      ? {
          path: failing.path,
          message: failing.lastError ?? "",
          at: new Date(failing.lastErrorAt ?? 0).toISOString(),
        }
      : null,
  };
}

export function formatStatus(report: StatusReport, verbose: boolean): string {
  const { counts } = report;
  const lines = [
    `state: ${report.stateDir}`,
    `tracked files: ${report.files.length} (sent ${counts.sent}, pending ${counts.pending}, failing ${counts.failing}, ` +
      `conflicts ${counts.conflict}, ` +
      `excluded ${counts.excluded}, not a log ${counts.not_a_log}, missing ${counts.missing})`,
    `sessions: ${new Set(report.files.map((f) => f.sessionId).filter(Boolean)).size}`,
    report.lastError
      ? `last error: ${report.lastError.at} ${report.lastError.path}: ${report.lastError.message}`
      : "last error: none",
  ];
  const shown = verbose
    ? report.files
    : report.files.filter((f) => f.status === "pending" || f.status === "failing" || f.status === "conflict");
  for (const file of shown) {
    if (file.conflict) {
      lines.push(
        `  conflict  ${file.conflict.sessionId} first conflicting sequence ${file.conflict.firstConflictingSequence} ` +
          `(server's last ${file.conflict.lastSequence}) ${file.path}`,
      );
      continue;
    }
    lines.push(
      `  ${file.status.padEnd(9)} ${file.sessionId ?? "-"} seq ${file.ackedSequence} ${file.path}${file.lastError ? ` (${file.lastError})` : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
