// Transport behaviour that needs no CatSyphon server: timeouts against a socket that never answers.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import net from "node:net";
import { z } from "zod";

import { CatSyphonNetworkError } from "../src/errors";
import { sendRequest } from "../src/transport";

let silent: net.Server;
let url: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  // Accepts connections and never answers.
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address = silent.address() as net.AddressInfo;
  url = `http://127.0.0.1:${address.port}/`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("timeouts", () => {
  it("aborts each attempt after timeoutMs and retries it", async () => {
    const delays: number[] = [];
    const started = Date.now();
    const error = await sendRequest(
      {
        fetch: (input, init) => globalThis.fetch(input, init),
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        timeoutMs: 100,
        onRetry: (info) => delays.push(info.delayMs),
      },
      { method: "GET", url, schema: z.object({}) },
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CatSyphonNetworkError);
    expect(error).toMatchObject({ timedOut: true });
    expect(String(error)).toMatch(/timed out after 100 ms/);
    expect(delays).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });
});
