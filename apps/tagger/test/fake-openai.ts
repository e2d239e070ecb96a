// A small OpenAI-compatible server on loopback for the tagger's tests and benchmark: answers
// POST /v1/chat/completions from a script (valid, invalid JSON, cut off, wrong shape, an HTTP status with headers,
// a hang) and records every request body.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";

export type FakeAnswer =
  | { kind: "valid"; tags?: Record<string, unknown> }
  | { kind: "invalid_json" }
  | { kind: "cut_off" }
  | { kind: "wrong_shape" }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "hang" };

export interface RecordedRequest {
  at: number;
  path: string;
  authorization: string | undefined;
  body: string;
  json: {
    model?: string;
    messages?: { role: string; content: string }[];
    temperature?: number;
    max_tokens?: number;
    response_format?: unknown;
  };
}

export const VALID_TAGS = {
  reasoning: "The user asked for a login form and the agent built it; tests passed at the end.",
  intent: "feature_add",
  outcome: "success",
  sentiment: "positive",
  sentiment_score: 0.6,
  features: ["login form"],
  problems: ["flaky test"],
  summary: "Built a login form with validation and tests.",
};

export interface FakeOpenAi {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; afterwards every request gets `fallback`. */
  script(...answers: FakeAnswer[]): void;
  fallback: FakeAnswer;
  close(): Promise<void>;
}

function completion(content: string, finishReason: "stop" | "length") {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "fake-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1200, completion_tokens: 150, total_tokens: 1350 },
  };
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeAnswer[] = [];
  const hung: ServerResponse[] = [];
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAi = {
    baseUrl: "",
    requests,
    script: (...answers) => queue.push(...answers),
    fallback: { kind: "valid" },
    close: async () => {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    let json: RecordedRequest["json"] = {};
    try {
      json = JSON.parse(body) as RecordedRequest["json"];
    } catch {
      // recorded as is
    }
    requests.push({
      at: Date.now(),
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body,
      json,
    });
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return reply(res, 404, { error: { message: "not found", type: "invalid_request_error" } });
    }
    const answer = queue.shift() ?? fake.fallback;
    switch (answer.kind) {
      case "valid":
        return reply(res, 200, completion(JSON.stringify({ ...VALID_TAGS, ...answer.tags }), "stop"));
      case "invalid_json":
        return reply(res, 200, completion('{"reasoning": "The user', "stop"));
      case "cut_off":
        return reply(res, 200, completion('{"reasoning": "The user asked for', "length"));
      case "wrong_shape":
        return reply(
          res,
          200,
          completion(JSON.stringify({ ...VALID_TAGS, intent: "party", sentiment_score: 7 }), "stop"),
        );
      case "status":
        return reply(
          res,
          answer.status,
          answer.body ?? { error: { message: `status ${answer.status}`, type: "server_error", code: null } },
          answer.headers,
        );
      case "hang":
        hung.push(res);
        return undefined;
    }
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => handle(req, res, body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
