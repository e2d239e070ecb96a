// The Gemini bench input: one long chat written the way Gemini CLI writes its JSONL log. Repeating the fixture's
// lines (as the other formats do) would repeat its header every five lines and restart its clock with every copy,
// which no real file does; here the fixture's header comes once, then turn after turn of its prompt (with the
// `$set` of lastUpdated that follows it), tool-call response and text reply, each message with its own id and time,
// and each response re-appended in full as it grows (tokens, tool call, tool result), as the CLI does.
import { readFileSync, writeFileSync } from "node:fs";

type JsonRecord = Record<string, unknown>;

/** The fixture's header, and its messages in file order. */
function fixtureRecords(path: string): { header: JsonRecord; messages: JsonRecord[] } {
  const records = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JsonRecord);
  const header = records.find((record) => "sessionId" in record);
  const messages = records.filter((record) => typeof record.id === "string");
  if (header === undefined || messages.length === 0) throw new Error(`${path}: no header or messages`);
  return { header, messages };
}

function toolCallsOf(message: JsonRecord): JsonRecord[] | undefined {
  return Array.isArray(message.toolCalls) ? (message.toolCalls as JsonRecord[]) : undefined;
}

function at(second: number): string {
  return new Date(Date.UTC(2026, 3, 29, 21, 39, 22) + second * 1000).toISOString();
}

/** A message of turn `turn`: its own ids and time. */
function ofTurn(message: JsonRecord, turn: number, second: number): JsonRecord {
  const timestamp = at(second);
  const toolCalls = toolCallsOf(message)?.map((call) => ({
    ...call,
    id: `${String(call.id)}-${turn}`,
    timestamp,
  }));
  return { ...message, id: `${String(message.id)}-${turn}`, timestamp, ...(toolCalls && { toolCalls }) };
}

/** A message record's successive versions, as Gemini CLI appends them while a response grows. */
function versions(message: JsonRecord): JsonRecord[] {
  if (message.type !== "gemini") return [message];
  const { tokens, toolCalls: _calls, ...start } = message;
  const grown: JsonRecord[] = [start];
  if (tokens !== undefined) grown.push({ ...start, tokens });
  const toolCalls = toolCallsOf(message);
  if (toolCalls !== undefined) {
    const running = toolCalls.map(({ result: _result, resultDisplay: _display, ...call }) => ({
      ...call,
      status: "executing",
    }));
    grown.push({ ...start, tokens, toolCalls: running }, { ...start, tokens, toolCalls });
  }
  return grown;
}

/** Writes a Gemini JSONL chat of at least `bytes` bytes to `path`, built from the JSONL fixture `fixture`. */
export function writeGeminiSession(fixture: string, path: string, bytes: number): void {
  const { header, messages } = fixtureRecords(fixture);
  const lines: string[] = [];
  let size = 0;
  const append = (record: JsonRecord) => {
    const line = JSON.stringify(record);
    lines.push(line);
    size += line.length + 1;
  };
  append(header);
  let second = 0;
  for (let turn = 0; size < bytes; turn++) {
    for (const message of messages) {
      second += 1;
      for (const version of versions(ofTurn(message, turn, second))) append(version);
      if (message.type === "user") append({ $set: { lastUpdated: at(second) } });
    }
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}
