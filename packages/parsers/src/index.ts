// @catsyphon/parsers: pure parsers of agent session logs into collector protocol events (DESIGN §5).
export * from "./checkpoint";
export * from "./emitter";
export * from "./lines";
export * from "./protocol-events";
export * from "./registry";
export * from "./run";
export * from "./types";
export { claudeCodeParser } from "./claude-code/index";
export { codexParser } from "./codex/index";
export { geminiLegacyParser, geminiParser } from "./gemini/index";
