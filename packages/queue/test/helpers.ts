// Shared test builders: valid payloads from the protocol's seed batch, a log sink, polling.
import { randomUUID } from "node:crypto";

import { type CreateLoggerOptions, createLogger, type Logger } from "@catsyphon/logger";
import { seedBatchExample } from "@catsyphon/protocol";

import { type IngestBatchJobInput } from "../src";

/** A valid ingest batch (the seed session, sequences 1..6) of a fresh conversation. */
export function ingestBatchInput(overrides: Partial<IngestBatchJobInput> = {}): IngestBatchJobInput {
  const batch = structuredClone(seedBatchExample);
  return {
    workspace_id: randomUUID(),
    collector_id: randomUUID(),
    source: "collector",
    session_id: batch.session_id,
    conversation_id: randomUUID(),
    first_sequence: 1,
    last_sequence: batch.events.length,
    server_received_at: "2025-06-01T09:01:01.000Z",
    events: batch.events,
    ...overrides,
  };
}

/** A logger whose lines are kept in memory, to assert on what was (not) logged. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination: NonNullable<CreateLoggerOptions["destination"]> = {
    write: (line: string) => {
      lines.push(line);
    },
  };
  return { logger: createLogger({ name: "queue-test", level: "debug", destination }), lines };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` holds; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** A deferred promise: tests hold a handler open and release it when they choose. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
