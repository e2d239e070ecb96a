// Which parser reads a file: each parser probes the path and the first bytes; the first that claims it wins.
import { claudeCodeParser } from "./claude-code/index";
import { codexParser } from "./codex/index";
import { geminiLegacyParser, geminiParser } from "./gemini/index";
import { type AgentLogParser } from "./types";

/** Every parser, most specific first. */
export const PARSERS: readonly AgentLogParser[] = [
  codexParser,
  geminiParser,
  geminiLegacyParser,
  claudeCodeParser,
];

/** Bytes of a file's beginning that `probe` looks at. */
export const PROBE_BYTES = 64 * 1024;

/** The parser for a file, judged from its path and its first bytes; null when no format claims it. */
export function parserFor(path: string, head: string): AgentLogParser | null {
  return PARSERS.find((parser) => parser.probe(path, head)) ?? null;
}
