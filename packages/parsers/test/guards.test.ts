// The hand-written record guards of the parsers' hot paths accept exactly what the zod schemas that document the
// formats accept (docs/decisions/0011): on every value inside every fixture line, on malformed records, and on
// fixture records with random fields replaced by random JSON. Also gemini's toJson against z.json().
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { z } from "zod";

import * as claudeGuards from "../src/claude-code/guards";
import * as claudeSchemas from "../src/claude-code/schemas";
import * as codexGuards from "../src/codex/guards";
import * as codexSchemas from "../src/codex/schemas";
import * as geminiGuards from "../src/gemini/guards";
import * as geminiSchemas from "../src/gemini/records";
import { toJson } from "../src/gemini/state";
import { type Json } from "../src/types";
import { fixturePath, propertyRuns } from "./support";

interface Pair {
  name: string;
  guard: (value: unknown) => boolean;
  schema: z.ZodType;
}

const PAIRS: Pair[] = [
  { name: "claude record", guard: claudeGuards.isClaudeRecord, schema: claudeSchemas.recordSchema },
  { name: "claude usage", guard: claudeGuards.isUsage, schema: claudeSchemas.usageSchema },
  {
    name: "claude assistant",
    guard: claudeGuards.isAssistantLine,
    schema: claudeSchemas.assistantLineSchema,
  },
  { name: "claude user", guard: claudeGuards.isUserLine, schema: claudeSchemas.userLineSchema },
  { name: "claude system", guard: claudeGuards.isSystemLine, schema: claudeSchemas.systemLineSchema },
  {
    name: "claude attachment",
    guard: claudeGuards.isAttachmentLine,
    schema: claudeSchemas.attachmentLineSchema,
  },
  {
    name: "claude block type",
    guard: (value) => claudeGuards.blockType(value) !== undefined,
    schema: claudeSchemas.blockTypeSchema,
  },
  { name: "claude text block", guard: claudeGuards.isTextBlock, schema: claudeSchemas.textBlockSchema },
  {
    name: "claude thinking block",
    guard: claudeGuards.isThinkingBlock,
    schema: claudeSchemas.thinkingBlockSchema,
  },
  {
    name: "claude tool_use block",
    guard: claudeGuards.isToolUseBlock,
    schema: claudeSchemas.toolUseBlockSchema,
  },
  {
    name: "claude tool_result block",
    guard: claudeGuards.isToolResultBlock,
    schema: claudeSchemas.toolResultBlockSchema,
  },
  { name: "codex turn_context", guard: codexGuards.isTurnContext, schema: codexSchemas.turnContextSchema },
  { name: "codex compacted", guard: codexGuards.isCompacted, schema: codexSchemas.compactedSchema },
  { name: "codex content block", guard: codexGuards.isContentBlock, schema: codexSchemas.contentBlockSchema },
  { name: "codex typed item", guard: codexGuards.isTypedItem, schema: codexSchemas.itemSchema },
  { name: "codex message item", guard: codexGuards.isMessageItem, schema: codexSchemas.messageItemSchema },
  {
    name: "codex reasoning item",
    guard: codexGuards.isReasoningItem,
    schema: codexSchemas.reasoningItemSchema,
  },
  { name: "codex function_call", guard: codexGuards.isFunctionCall, schema: codexSchemas.functionCallSchema },
  {
    name: "codex custom_tool_call",
    guard: codexGuards.isCustomToolCall,
    schema: codexSchemas.customToolCallSchema,
  },
  { name: "codex tool output", guard: codexGuards.isToolOutput, schema: codexSchemas.toolOutputSchema },
  { name: "codex typed event", guard: codexGuards.isTypedEvent, schema: codexSchemas.eventSchema },
  {
    name: "codex user_message",
    guard: codexGuards.isUserMessageEvent,
    schema: codexSchemas.userMessageEventSchema,
  },
  {
    name: "codex agent_message",
    guard: codexGuards.isAgentMessageEvent,
    schema: codexSchemas.agentMessageEventSchema,
  },
  {
    name: "codex token_count",
    guard: codexGuards.isTokenCountEvent,
    schema: codexSchemas.tokenCountEventSchema,
  },
  {
    name: "codex task_complete",
    guard: codexGuards.isTaskCompleteEvent,
    schema: codexSchemas.taskCompleteEventSchema,
  },
  {
    name: "codex item_completed",
    guard: codexGuards.isItemCompletedEvent,
    schema: codexSchemas.itemCompletedEventSchema,
  },
  { name: "gemini thought", guard: geminiGuards.isThought, schema: geminiSchemas.thoughtSchema },
  { name: "gemini tokens", guard: geminiGuards.isTokens, schema: geminiSchemas.tokensSchema },
  { name: "gemini tool call", guard: geminiGuards.isToolCall, schema: geminiSchemas.toolCallSchema },
  { name: "gemini message", guard: geminiGuards.isGeminiMessage, schema: geminiSchemas.messageSchema },
  {
    name: "gemini function response",
    guard: geminiGuards.isFunctionResponsePart,
    schema: geminiSchemas.functionResponsePartSchema,
  },
  { name: "gemini $set", guard: geminiGuards.isSetRecord, schema: geminiSchemas.setRecordSchema },
];

/** Every JSON value of every fixture line and document (unparseable lines left out). */
function fixtureRecords(): Json[] {
  const records: Json[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".jsonl")) {
        for (const line of readFileSync(path, "utf8").split("\n")) {
          try {
            records.push(JSON.parse(line) as Json);
          } catch {
            // malformed fixture lines are covered by the parser tests
          }
        }
      } else if (path.endsWith(".json")) records.push(JSON.parse(readFileSync(path, "utf8")) as Json);
    }
  };
  walk(fixturePath("."));
  return records;
}

/** A value and every value nested in it: each may be checked by some guard (a record, a block, a usage ...). */
function nestedValues(value: Json, into: Json[] = []): Json[] {
  into.push(value);
  if (Array.isArray(value)) for (const item of value) nestedValues(item, into);
  else if (typeof value === "object" && value !== null)
    for (const item of Object.values(value)) nestedValues(item, into);
  return into;
}

const RECORDS = fixtureRecords();
/** The objects and arrays in the fixtures, each distinct one once (primitives are covered by ODD_VALUES). */
const FIXTURE_VALUES = [
  ...new Map(
    RECORDS.flatMap((record) => nestedValues(record))
      .filter((value) => typeof value === "object" && value !== null)
      .map((value) => [JSON.stringify(value), value]),
  ).values(),
];

/** Values a record field may hold that the schemas tell apart. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  "",
  "text",
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  [null],
  [{}],
  ["text"],
  {},
  { type: null },
  { type: 5 },
  { text: 5 },
];

/** Names of the fields the schemas declare, so random records hit them. */
const FIELD_NAMES = [
  ...new Set(
    [
      ...PAIRS.flatMap((pair) => schemaKeys(pair.schema)),
      "type",
      "message",
      "content",
      "payload",
      "info",
      "error",
      "item",
      "functionResponse",
      "response",
      "cache_creation",
    ].filter((name) => name !== ""),
  ),
];

/** The declared keys of an object schema and of the object schemas inside it. */
function schemaKeys(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

function agreement(value: unknown): string[] {
  return PAIRS.filter((pair) => pair.guard(value) !== pair.schema.safeParse(value).success).map(
    (pair) => pair.name,
  );
}

describe("hand-written guards == zod schemas", () => {
  it("on every value inside every fixture line", () => {
    expect(FIXTURE_VALUES.length).toBeGreaterThan(2000);
    const disagreements = FIXTURE_VALUES.flatMap((value) =>
      agreement(value).map((name) => `${name}: ${JSON.stringify(value).slice(0, 200)}`),
    );
    expect(disagreements).toEqual([]);
    // The fixtures exercise both answers of every guard.
    for (const pair of PAIRS) {
      expect(FIXTURE_VALUES.some((value) => pair.guard(value))).toBe(true);
      expect(FIXTURE_VALUES.some((value) => !pair.guard(value))).toBe(true);
    }
  });

  it("on malformed records: each declared field replaced by each odd value", () => {
    for (const pair of PAIRS) {
      for (const base of FIXTURE_VALUES.filter((value) => pair.guard(value)).slice(0, 5)) {
        for (const key of schemaKeys(pair.schema)) {
          for (const odd of ODD_VALUES) {
            const record = { ...(base as Record<string, unknown>), [key]: odd };
            expect([pair.name, key, odd, pair.guard(record)]).toEqual([
              pair.name,
              key,
              odd,
              pair.schema.safeParse(record).success,
            ]);
          }
        }
      }
      for (const odd of ODD_VALUES) expect(pair.guard(odd)).toBe(pair.schema.safeParse(odd).success);
    }
  });

  it("on fixture records with random fields, at any depth, replaced by random JSON", () => {
    const oddJson = fc.oneof(
      fc.constantFrom(
        ...ODD_VALUES.filter((value) => value !== undefined && JSON.stringify(value) !== "null"),
      ),
      fc.jsonValue({ maxDepth: 2 }),
      fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORDS),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FIELD_NAMES), oddJson), {
          minLength: 1,
          maxLength: 4,
        }),
        (record, edits) => {
          const mutated = structuredClone(record);
          for (const [pick, key, value] of edits) {
            const objects = nestedValues(mutated).filter(
              (item): item is { [key: string]: Json } =>
                typeof item === "object" && item !== null && !Array.isArray(item),
            );
            const target = objects[pick % Math.max(objects.length, 1)];
            // A copy: fast-check reuses generated values, and editing them in place could make cycles.
            if (target !== undefined) target[key] = structuredClone(value) as Json;
          }
          for (const value of nestedValues(mutated)) expect(agreement(value)).toEqual([]);
        },
      ),
      { numRuns: propertyRuns * 4 },
    );
  });
});

describe("gemini toJson == z.json()", () => {
  const jsonSchema = z.json();
  const expected = (value: unknown): unknown => {
    const parsed = jsonSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };

  it("on every fixture value, on random JSON and on objects with __proto__ keys (which zod drops)", () => {
    for (const value of FIXTURE_VALUES) expect(toJson(value)).toEqual(expected(value));
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(toJson(value)).toEqual(expected(value));
      }),
      { numRuns: propertyRuns * 10 },
    );
    const withProto = JSON.parse('{"a":1,"__proto__":{"b":2},"c":[{"__proto__":3,"d":4}]}') as unknown;
    expect(toJson(withProto)).toEqual(expected(withProto));
    expect(Object.hasOwn(toJson(withProto) as object, "__proto__")).toBe(false);
    for (const odd of [undefined, Number.NaN, () => 1, new Date(0)])
      expect(toJson(odd)).toEqual(expected(odd));
  });
});
