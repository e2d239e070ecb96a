import { closeSync, openSync, readSync } from "node:fs";
import { type AgentLogParser, claudeCodeParser, codexParser, geminiParser } from "../src/index";
const CHUNK = 4 * 1024 * 1024;
function parseFile(parser: AgentLogParser, path: string): number {
  const fd = openSync(path, "r"); let cp = parser.initial({ path }); let events = 0; const buffer = Buffer.alloc(CHUNK);
  for (;;) { const read = readSync(fd, buffer, 0, CHUNK, cp.offset); if (read === 0) break; const o = parser.parse(buffer.subarray(0, read), cp, { path }); events += o.events.length; if (o.checkpoint.offset === cp.offset) break; cp = o.checkpoint; }
  closeSync(fd); return events + parser.flush(cp, { path }).events.length;
}
const parsers: Record<string, AgentLogParser> = { claude_code: claudeCodeParser, codex: codexParser, gemini: geminiParser };
const [which = "gemini", path = ""] = process.argv.slice(2);
const parser = parsers[which]!;
const times: number[] = [];
for (let i = 0; i < 6; i++) { const a = performance.now(); parseFile(parser, path); times.push(performance.now() - a); }
console.log(which, times.map((x) => x.toFixed(0)).join(" "));
