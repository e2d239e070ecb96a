import { type DestinationStream } from "pino";

const LEVEL_LABELS: Readonly<Record<number, string>> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

/** One pino JSON line as `HH:MM:SS.mmm LEVEL name: msg {rest}`, followed by the error stack if any. */
export function formatPretty(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, name, msg, err, pid: _pid, hostname: _hostname, ...rest } = record;
  const clock = typeof time === "number" ? new Date(time).toISOString().slice(11, 23) : "";
  const label = (typeof level === "number" ? LEVEL_LABELS[level] : undefined) ?? String(level);
  const prefix = typeof name === "string" ? `${name}: ` : "";
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
  const stack = isRecord(err) && typeof err.stack === "string" ? `\n${err.stack}` : "";
  return `${clock} ${label.padEnd(5)} ${prefix}${String(msg ?? "")}${extra}${stack}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/**
 * Human-readable output for local development without a pino-pretty dependency or a transport worker thread.
 * Lines arrive already redacted, since pino redacts before writing.
 */
export function prettyStream(out: DestinationStream): DestinationStream {
  return { write: (line) => out.write(formatPretty(line)) };
}
