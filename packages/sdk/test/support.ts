// Shared test helpers. `recordingFetch` wraps the real fetch (requests still reach the real API) to count
// requests and keep their bodies and answers.
import { randomUUID } from "node:crypto";

import { type CollectorCredentials, type EventBatchInput } from "@catsyphon/protocol";
import { type IngestApiProcess } from "@catsyphon/testing";

import { registerCollector } from "../src";
import { type FetchFunction } from "../src/transport";

export interface Exchange {
  method: string;
  url: string;
  requestBody: string | undefined;
  /** 0 when no answer came. */
  status: number;
  responseBody: string;
}

export interface RecordingFetch {
  fetch: FetchFunction;
  exchanges: Exchange[];
  /** POST /collectors/events exchanges. */
  eventPosts(): Exchange[];
  /** Most requests that were in flight at the same time. */
  maxInFlight(): number;
}

export function recordingFetch(): RecordingFetch {
  const exchanges: Exchange[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: FetchFunction = async (input, init) => {
    const exchange: Exchange = {
      method: init?.method ?? "GET",
      url: input,
      requestBody: typeof init?.body === "string" ? init.body : undefined,
      status: 0,
      responseBody: "",
    };
    exchanges.push(exchange);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      const response = await globalThis.fetch(input, init);
      exchange.status = response.status;
      exchange.responseBody = await response.clone().text();
      return response;
    } finally {
      inFlight--;
    }
  };
  return {
    fetch,
    exchanges,
    eventPosts: () => exchanges.filter((e) => e.method === "POST" && e.url.endsWith("/collectors/events")),
    maxInFlight: () => maxInFlight,
  };
}

export function batchOf(exchange: Exchange): EventBatchInput {
  return JSON.parse(exchange.requestBody ?? "null") as EventBatchInput;
}

export function sequencesOf(exchange: Exchange): number[] {
  return batchOf(exchange).events.map((event) => event.sequence ?? 0);
}

export function newSessionId(): string {
  return `sdk-test-${randomUUID()}`;
}

/** A well-formed key that no server issued. */
export function randomApiKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let random = "";
  for (let i = 0; i < 32; i++) random += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `cs_test_${random}`;
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Registers a collector on a test's API with its admin token. */
export function registerTestCollector(
  api: IngestApiProcess,
  hostname: string,
): Promise<CollectorCredentials> {
  return registerCollector({
    serverUrl: api.url,
    adminToken: api.adminToken,
    collector_type: "sdk-test",
    collector_version: "1.0.0",
    hostname,
  });
}
