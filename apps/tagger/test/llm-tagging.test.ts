// The tagger against a fake OpenAI-compatible server on loopback (the real openai client, real Postgres and
// Redis): merged tags, cache, retry of an invalid answer, backoff on 429/5xx, timeouts, the pause on 401,
// human edits, the session's own outcome, trivial sessions, the bounded and redacted prompt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";

import { startFakeOpenAi, type FakeOpenAi } from "./fake-openai";
import {
  createConversation,
  eventually,
  requestTagging,
  runsOf,
  startTaggerHarness,
  tagsOf,
  typicalSession,
  type StoredTagsView,
  type TaggerHarness,
} from "./harness";

let h: TaggerHarness;
let fake: FakeOpenAi;
let healthUrl: string;

const settled = (status: string) => async (tags: StoredTagsView) => tags._meta?.llm_status === status;

async function waitForTags(id: string, status: string, timeoutMs = 20_000): Promise<StoredTagsView> {
  return eventually(
    async () => {
      const tags = await tagsOf(h, id);
      return (await settled(status)(tags)) ? tags : null;
    },
    { timeoutMs },
  );
}

beforeAll(async () => {
  h = await startTaggerHarness("tagger-llm");
  fake = await startFakeOpenAi();
  const tagger = await h.startTagger({ OPENAI_BASE_URL: fake.baseUrl, TAGGER_MAX_RETRIES: "2" });
  healthUrl = tagger.healthUrl;
}, 60_000);

afterAll(async () => {
  await h?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.fallback = { kind: "valid" };
});

describe("LLM tags", () => {
  it("merges the LLM's judgement over the rule tags and records the call", async () => {
    const before = fake.requests.length;
    const id = await createConversation(h, typicalSession(4), { files: ["src/login.tsx", "src/api.py"] });
    await requestTagging(h, id, "session_end");
    const tags = await waitForTags(id, "ok");
    expect(tags).toMatchObject({
      intent: "feature_add",
      outcome: "success",
      sentiment: "positive",
      sentiment_score: 0.6,
      features: ["login form"],
      summary: "Built a login form with validation and tests.",
      tools_used: { Edit: 4 },
      languages: { python: 1, typescript: 1 },
      has_errors: false,
      error_count: 0,
    });
    expect(tags).not.toHaveProperty("reasoning");
    expect(tags._meta).toMatchObject({ rules_version: 1, prompt_version: 1, model: "gpt-4o-mini" });
    expect(tags._meta?.source).toMatchObject({
      intent: "llm",
      outcome: "llm",
      tools_used: "rule",
      languages: "rule",
    });
    const [request] = fake.requests.slice(before);
    expect(fake.requests.length - before).toBe(1);
    expect(request?.json).toMatchObject({ model: "gpt-4o-mini", temperature: 0, max_tokens: 1000 });
    expect(request?.json.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "session_tags" },
    });
    const runs = await runsOf(h, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: "llm_tags",
      status: "succeeded",
      model: "gpt-4o-mini",
      promptVersion: "1",
      cacheHit: false,
      inputTokens: 1200,
      outputTokens: 150,
    });
    // 1200 × $0.15 + 150 × $0.60 per million tokens
    expect(Number(runs[0]?.costUsd)).toBeCloseTo(0.00027, 8);
    expect(runs[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    // The LLM's outcome goes to the conversation when the session reported none.
    const row = await h.prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect([row.outcome, row.success]).toEqual(["success", true]);
  });

  it("re-tagging unchanged content is a cache hit: no second request", async () => {
    const id = await createConversation(h, typicalSession(3, "Refactor the billing module"));
    await requestTagging(h, id);
    await waitForTags(id, "ok");
    const requests = fake.requests.length;
    await requestTagging(h, id);
    await waitForTags(id, "cached");
    expect(fake.requests.length).toBe(requests);
    const runs = await runsOf(h, id);
    expect(runs.map((run) => [run.status, run.cacheHit])).toEqual([
      ["succeeded", false],
      ["succeeded", true],
    ]);
    const cache = await h.prisma.tagCache.findMany();
    expect(cache.find((entry) => entry.hitCount === 1)?.expiresAt?.getTime()).toBeGreaterThan(
      Date.now() + 29 * 86_400_000,
    );
  });

  it("retries an invalid answer once with the validation error", async () => {
    const before = fake.requests.length;
    fake.script({ kind: "wrong_shape" }, { kind: "valid", tags: { intent: "bug_fix" } });
    const id = await createConversation(h, typicalSession(3, "Fix the crash on save"));
    await requestTagging(h, id);
    const tags = await waitForTags(id, "ok");
    expect(tags.intent).toBe("bug_fix");
    const [, retry] = fake.requests.slice(before);
    const lastMessage = retry?.json.messages?.at(-1)?.content ?? "";
    expect(lastMessage).toMatch(/invalid: .*intent/);
    expect(lastMessage).toMatch(/sentiment_score/);
    expect((await runsOf(h, id)).map((run) => run.status)).toEqual(["invalid", "succeeded"]);
  });

  it("after a second invalid answer (bad JSON, then cut off) the rule tags stand and the run is failed", async () => {
    const before = fake.requests.length;
    fake.script({ kind: "invalid_json" }, { kind: "cut_off" });
    const id = await createConversation(h, typicalSession(3, "Explain how the cache works"));
    await requestTagging(h, id);
    const tags = await waitForTags(id, "failed");
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(fake.requests.length - before).toBe(2);
    expect(tags).toMatchObject({ tools_used: { Edit: 3 }, outcome: "unknown" });
    expect(tags).not.toHaveProperty("intent");
    const runs = await runsOf(h, id);
    expect(runs.map((run) => [run.status, run.error])).toEqual([
      ["invalid", "the answer was not valid JSON"],
      ["invalid", "the answer was cut off (max tokens reached)"],
    ]);
  });

  it("backs off on 429 honouring Retry-After", async () => {
    const before = fake.requests.length;
    fake.script({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const id = await createConversation(h, typicalSession(3, "Add dark mode"));
    await requestTagging(h, id);
    await waitForTags(id, "ok");
    const [limited, retried] = fake.requests.slice(before);
    expect(fake.requests.length - before).toBe(2);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("after 5xx beyond the retries, the rule tags stand, the run is failed, and the job is retried later", async () => {
    const before = fake.requests.length;
    fake.script(
      { kind: "status", status: 500, headers: { "retry-after-ms": "50" } },
      { kind: "status", status: 502, headers: { "retry-after-ms": "50" } },
      { kind: "status", status: 503, headers: { "retry-after-ms": "50" } },
    );
    const id = await createConversation(h, typicalSession(3, "Speed up the build"));
    await requestTagging(h, id);
    const tags = await waitForTags(id, "ok");
    expect(tags.intent).toBe("feature_add");
    expect(fake.requests.length - before).toBe(4);
    expect((await runsOf(h, id)).map((run) => run.status)).toEqual(["failed", "succeeded"]);
  });

  it("pauses the workspace's LLM tagging on 401, keeps rule-tagging, and resumes after the pause", async () => {
    fake.script({
      kind: "status",
      status: 401,
      body: {
        error: {
          message: "Incorrect API key provided",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    });
    const first = await createConversation(h, typicalSession(3, "Write a migration"));
    await requestTagging(h, first);
    const tags = await waitForTags(first, "paused");
    expect(tags.tools_used).toEqual({ Edit: 3 });
    const pause = await h.prisma.taggerPause.findUniqueOrThrow({ where: { workspaceId: h.workspaceId } });
    expect(pause.reason).toBe("auth");
    expect(pause.error).toMatch(/Incorrect API key/);
    expect(pause.resumeAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(await (await fetch(`${healthUrl}/metrics`)).text()).toMatch(
      /catsyphon_tagger_paused_workspaces 1/,
    );
    expect(
      h.logs.some(
        (line) =>
          line.msg === "the LLM refused the credentials or quota; LLM tagging of this workspace is paused",
      ),
    ).toBe(true);

    const requests = fake.requests.length;
    const second = await createConversation(h, typicalSession(3, "Write another migration"));
    await requestTagging(h, second);
    await waitForTags(second, "paused");
    expect(fake.requests.length).toBe(requests);

    // The configured time passes.
    await h.prisma.taggerPause.update({
      where: { workspaceId: h.workspaceId },
      data: { resumeAt: new Date(Date.now() - 1) },
    });
    await requestTagging(h, second);
    await waitForTags(second, "ok");
    expect(fake.requests.length).toBe(requests + 1);
    expect(await h.prisma.taggerPause.count()).toBe(0);
    expect(await (await fetch(`${healthUrl}/metrics`)).text()).toMatch(
      /catsyphon_tagger_paused_workspaces 0/,
    );
  });

  it("pauses on an exhausted quota (429 insufficient_quota) too", async () => {
    const quota = {
      kind: "status" as const,
      status: 429,
      headers: { "x-should-retry": "false" },
      body: {
        error: {
          message: "You exceeded your current quota",
          type: "insufficient_quota",
          code: "insufficient_quota",
        },
      },
    };
    fake.script(quota);
    const id = await createConversation(h, typicalSession(3, "Tune the queries"));
    await requestTagging(h, id);
    await waitForTags(id, "paused");
    expect(
      (await h.prisma.taggerPause.findUniqueOrThrow({ where: { workspaceId: h.workspaceId } })).reason,
    ).toBe("quota");
    await h.prisma.taggerPause.deleteMany();
  });

  it("keeps a human edit across re-tagging", async () => {
    const id = await createConversation(h, typicalSession(3, "Rename the config module"));
    await requestTagging(h, id);
    const tags = await waitForTags(id, "ok");
    // What PATCH /api/v1/conversations/{id}/tags stores.
    await h.prisma.conversation.update({
      where: { id },
      data: {
        tags: {
          ...tags,
          intent: "refactor",
          _meta: { ...tags._meta, source: { ...tags._meta?.source, intent: "human" } },
        },
      },
    });
    await h.prisma.tagCache.deleteMany();
    fake.script({ kind: "valid", tags: { intent: "bug_fix", summary: "Renamed the config module." } });
    await requestTagging(h, id);
    const retagged = await eventually(async () => {
      const current = await tagsOf(h, id);
      return current.summary === "Renamed the config module." ? current : null;
    });
    expect(retagged.intent).toBe("refactor");
    expect(retagged._meta?.source).toMatchObject({ intent: "human", summary: "llm" });
  });

  it("does not overwrite the outcome the session reported", async () => {
    const id = await createConversation(h, typicalSession(3, "Upgrade the framework"), {
      outcome: "failure",
    });
    await requestTagging(h, id);
    const tags = await waitForTags(id, "ok");
    expect(tags.outcome).toBe("failure");
    expect(tags._meta?.source?.outcome).toBe("rule");
    const row = await h.prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(row.outcome).toBe("failure");
  });

  it("gives trivial sessions rule tags only", async () => {
    const requests = fake.requests.length;
    const id = await createConversation(h, [
      { role: "human", type: "prompt", content: "hi" },
      { role: "assistant", type: "response", content: "Hello!" },
    ]);
    await requestTagging(h, id);
    const tags = await waitForTags(id, "trivial");
    expect(tags).toMatchObject({ tools_used: {}, has_errors: false });
    expect(fake.requests.length).toBe(requests);
  });

  it("keeps the prompt within TAGGER_MAX_INPUT_CHARS for a 10,000-message session, and sends no secret", async () => {
    const secrets = [
      "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ];
    const messages = typicalSession(3_334, `Deploy with OPENAI_API_KEY=${secrets[0]} and key ${secrets[1]}`);
    messages.splice(6_000, 0, {
      role: "system",
      type: "error",
      content: `push failed for token ${secrets[2]}`,
      extraData: { error_type: "api_error" },
    });
    messages.push({
      role: "human",
      type: "prompt",
      content: `AWS_SECRET_ACCESS_KEY=${secrets[3]}\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA${"x".repeat(5_000)}`,
    });
    expect(messages.length).toBeGreaterThanOrEqual(10_000);
    const small = await createConversation(h, typicalSession(50, "Deploy the service"));
    const large = await createConversation(h, messages);
    const before = fake.requests.length;
    await requestTagging(h, small);
    await waitForTags(small, "ok");
    await requestTagging(h, large);
    // Generous: writing and compacting 10,000 messages is slow on a loaded CI machine, and a test that times out
    // leaves its job running into the next test's scripted answers.
    await waitForTags(large, "ok", 240_000);
    const [smallRequest, largeRequest] = fake.requests.slice(before);
    const promptOf = (body: string | undefined) =>
      (JSON.parse(body ?? "{}") as { messages: { content: string }[] }).messages[1]?.content ?? "";
    expect(promptOf(largeRequest?.body).length).toBeLessThanOrEqual(24_000);
    expect(promptOf(largeRequest?.body)).toMatch(/First prompt:[\s\S]*\[REDACTED:/);
    expect(promptOf(largeRequest?.body)).toMatch(/push failed/);
    expect(largeRequest?.body.length).toBeLessThan(40_000);
    expect(smallRequest?.body.length).toBeLessThan(40_000);
    for (const request of fake.requests) {
      for (const secret of secrets) expect(request.body).not.toContain(secret);
      expect(request.body).not.toContain("MIIEowIBAAKCAQEA");
    }
  }, 300_000);
});

describe("a slow or hung server", () => {
  it("times out, records the failed run, and tags once the server answers", async () => {
    await h.startTagger({ OPENAI_BASE_URL: fake.baseUrl, TAGGER_TIMEOUT_MS: "300", TAGGER_MAX_RETRIES: "0" });
    fake.script({ kind: "hang" });
    const id = await createConversation(h, typicalSession(3, "Profile the worker"));
    await requestTagging(h, id);
    await waitForTags(id, "ok");
    const runs = await runsOf(h, id);
    expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
    expect(runs[0]?.error).toMatch(/timed out/i);
    expect(runs[0]?.latencyMs).toBeGreaterThanOrEqual(250);
  });
});

describe("without OPENAI_BASE_URL and OPENAI_API_KEY", () => {
  it("tags with rules only and says so once at start", async () => {
    const requests = fake.requests.length;
    await h.startTagger({});
    const id = await createConversation(h, typicalSession(5, "Add an endpoint"));
    await requestTagging(h, id);
    const tags = await waitForTags(id, "disabled");
    expect(tags.tools_used).toEqual({ Edit: 5 });
    expect(tags._meta).toMatchObject({ model: null, prompt_version: null });
    expect(fake.requests.length).toBe(requests);
    expect(
      h.logs.filter((line) => String(line.msg).startsWith("no OPENAI_BASE_URL or OPENAI_API_KEY")),
    ).toHaveLength(1);
  });
});
