// Backfill progress: a bar redrawn in place on a terminal (files, events, events/s, ETA), plain lines otherwise.
export interface ProgressSnapshot {
  filesDone: number;
  filesTotal: number;
  events: number;
  bytesDone: number;
  bytesTotal: number;
}

export class ProgressReporter {
  private readonly startedAt = Date.now();
  private lastDraw = 0;
  private snapshot: ProgressSnapshot;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    filesTotal: number,
    bytesTotal: number,
  ) {
    this.snapshot = { filesDone: 0, filesTotal, events: 0, bytesDone: 0, bytesTotal };
  }

  private get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /** Events and bytes of a step that the server accepted. */
  step(events: number, bytes: number): void {
    this.snapshot.events += events;
    this.snapshot.bytesDone += bytes;
    if (this.interactive && Date.now() - this.lastDraw > 200) this.draw();
  }

  /** A file finished (or was skipped); `line` is printed as is when the output is not a terminal. */
  fileDone(line: string): void {
    this.snapshot.filesDone += 1;
    if (this.interactive) this.draw();
    else this.stream.write(`${line}\n`);
  }

  /** A message that must be seen (an error): printed above the bar. */
  note(line: string): void {
    if (this.interactive) this.stream.write(`\r\x1b[2K${line}\n`);
    else this.stream.write(`${line}\n`);
    if (this.interactive) this.draw();
  }

  done(): ProgressSnapshot {
    if (this.interactive) {
      this.draw();
      this.stream.write("\n");
    }
    return { ...this.snapshot };
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const { filesDone, filesTotal, events, bytesDone, bytesTotal } = this.snapshot;
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001);
    const rate = events / seconds;
    const fraction = bytesTotal > 0 ? Math.min(bytesDone / bytesTotal, 1) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const eta = fraction > 0 && fraction < 1 ? formatDuration((seconds / fraction) * (1 - fraction)) : "-";
    this.stream.write(
      `\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${filesDone}/${filesTotal} files  ` +
        `${events} events  ${Math.round(rate)} ev/s  ETA ${eta}`,
    );
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "-";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
