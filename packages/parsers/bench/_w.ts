import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const lines: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith(".jsonl")) for (const l of readFileSync(p, "utf8").split("\n")) { try { const v = JSON.parse(l) as unknown; if (v && typeof v === "object" && !Array.isArray(v)) lines.push(l); } catch { /**/ } } } };
walk(join(__dirname, "..", "test", "fixtures", "claude-code"));
const out: string[] = []; let size = 0;
for (let copy = 0; size < 50 * 1024 * 1024; copy++) for (const line of lines) { const r = line.replaceAll(/"(id|uuid|call_id|tool_use_id)":"([^"]*)"/g, `"$1":"$2-${copy}"`); out.push(r); size += r.length + 1; }
writeFileSync("/tmp/prof/claude50.jsonl", `${out.join("\n")}\n`);
