// Gemini CLI chat recordings: the append-only JSONL log and the older whole-document JSON files.
export { geminiParser, initialJsonlState } from "./jsonl";
export { geminiLegacyParser, initialLegacyState } from "./legacy";
export { probeGeminiJsonl, probeGeminiLegacy } from "./probe";
export { type GeminiJsonlState, type GeminiLegacyState } from "./state";
