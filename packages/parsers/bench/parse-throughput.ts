// pnpm bench:parse — MB/s of each parser next to plain JSON.parse of the same lines (same run), and the peak
// RSS of parsing a ~200 MB session file in 4 MiB chunks the way the watcher reads it (streamed, not slurped), in a
// process started with the Node flags the catsyphon CLI runs with.
import {
  closeSync,
  openSync,
  readSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  rmSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type AgentLogParser, claudeCodeParser, codexParser, geminiParser } from "../src/index";
import { PARSING_PROCESS_FLAGS } from "../src/process-flags";
import { writeGeminiSession } from "./gemini-session";

const FIXTURES = join(__dirname, "..", "test", "fixtures");
const TARGET_BYTES = Number(process.env.BENCH_PARSE_MB ?? 50) * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;
/** Timed runs of each side per format (the fastest counts). */
const RUNS = 5;

/** A large file of one format: the valid lines of its fixtures repeated, each copy with its own ids. */
function buildFile(dir: string, path: string, bytes: number): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".jsonl")) {
        for (const line of readFileSync(p, "utf8").split("\n")) {
          try {
            const value = JSON.parse(line) as unknown;
            if (value && typeof value === "object" && !Array.isArray(value)) lines.push(line);
          } catch {
            // malformed fixture lines are left out
          }
        }
      }
    }
  };
  walk(dir);
  const out: string[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy++) {
    for (const line of lines) {
      const renamed = line.replaceAll(/"(id|uuid|call_id|tool_use_id)":"([^"]*)"/g, `"$1":"$2-${copy}"`);
      out.push(renamed);
      size += renamed.length + 1;
    }
  }
  writeFileSync(path, `${out.join("\n")}\n`);
  return path;
}

function parseFile(parser: AgentLogParser, path: string): number {
  const fd = openSync(path, "r");
  let checkpoint = parser.initial({ path });
  let events = 0;
  const buffer = Buffer.alloc(CHUNK);
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, checkpoint.offset);
    if (read === 0) break;
    const output = parser.parse(buffer.subarray(0, read), checkpoint, { path });
    events += output.events.length;
    if (output.checkpoint.offset === checkpoint.offset) break;
    checkpoint = output.checkpoint;
  }
  closeSync(fd);
  return events + parser.flush(checkpoint, { path }).events.length;
}

function jsonParseFile(path: string): number {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(CHUNK);
  let offset = 0;
  let lines = 0;
  const decoder = new TextDecoder();
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, offset);
    if (read === 0) break;
    const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    if (end === 0) break;
    for (const line of decoder.decode(buffer.subarray(0, end)).split("\n"))
      if (line) {
        JSON.parse(line);
        lines++;
      }
    offset += end;
  }
  closeSync(fd);
  return lines;
}

type Timed<T> = { ms: number; value: T };

function timed<T>(run: () => T): Timed<T> {
  const start = process.hrtime.bigint();
  const value = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function faster<T>(a: Timed<T> | undefined, b: Timed<T>): Timed<T> {
  return a === undefined || b.ms < a.ms ? b : a;
}

/**
 * The fastest of RUNS timed runs of each side, the two sides alternating. Other processes on the machine slow
 * single runs down at random (and a first run also pays for the JIT warming up); alternating exposes both sides to
 * the same moments, and both are measured the same way.
 */
function fastestOfEach<A, B>(runA: () => A, runB: () => B): [Timed<A>, Timed<B>] {
  let a: Timed<A> | undefined;
  let b: Timed<B> | undefined;
  for (let i = 0; i < RUNS; i++) {
    a = faster(a, timed(runA));
    b = faster(b, timed(runB));
  }
  if (a === undefined || b === undefined) throw new Error("RUNS must be at least 1");
  return [a, b];
}

if (process.argv[2] === "--measure") {
  const path = process.argv[3] ?? "";
  const run = timed(() => parseFile(claudeCodeParser, path));
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `Claude Code file of ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB: ${(run.ms / 1000).toFixed(1)} s, ` +
      `${run.value} events, peak RSS ${peakMb.toFixed(0)} MB`,
  );
  process.exit(0);
}

const work = join(tmpdir(), `catsyphon-bench-parse-${process.pid}`);
const formats: Array<[string, AgentLogParser, (path: string) => void]> = [
  ["claude_code", claudeCodeParser, (path) => buildFile(join(FIXTURES, "claude-code"), path, TARGET_BYTES)],
  ["codex", codexParser, (path) => buildFile(join(FIXTURES, "codex"), path, TARGET_BYTES)],
  [
    "gemini",
    geminiParser,
    (path) =>
      writeGeminiSession(join(FIXTURES, "gemini", "agent-sessions", "jsonl_v040.jsonl"), path, TARGET_BYTES),
  ],
];
try {
  console.log(`format       size     parser MB/s   JSON.parse MB/s   ratio   events`);
  for (const [name, parser, write] of formats) {
    const path = `${work}-${name}.jsonl`;
    write(path);
    const mb = statSync(path).size / 1024 / 1024;
    const [baseline, parsed] = fastestOfEach(
      () => jsonParseFile(path),
      () => parseFile(parser, path),
    );
    const parserRate = mb / (parsed.ms / 1000);
    const baseRate = mb / (baseline.ms / 1000);
    console.log(
      `${name.padEnd(12)} ${mb.toFixed(0).padStart(4)} MB ${parserRate.toFixed(1).padStart(12)} ${baseRate.toFixed(1).padStart(17)} ${((parserRate / baseRate) * 100).toFixed(0).padStart(6)}%   ${parsed.value}`,
    );
    rmSync(path, { force: true });
  }
  const bigPath = buildFile(join(FIXTURES, "claude-code"), `${work}-big.jsonl`, 200 * 1024 * 1024);
  // Measured in a fresh process, so the peak is the parser's alone (building the file here used memory too).
  const child = spawnSync(
    process.execPath,
    [...PARSING_PROCESS_FLAGS, "--import", "tsx", __filename, "--measure", bigPath],
    { encoding: "utf8" },
  );
  console.log(`${child.stdout.trim() || child.stderr} (node ${PARSING_PROCESS_FLAGS.join(" ")})`);
  rmSync(bigPath, { force: true });
} finally {
  for (const [name] of formats) rmSync(`${work}-${name}.jsonl`, { force: true });
}
