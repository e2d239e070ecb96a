// Bad input is a 4xx in the one error shape, never a 5xx: bodies that do not match their Content-Encoding,
// compression bombs, JSON nested deep enough to overflow a recursive validator, NUL where Postgres cannot take
// it, a path that is not valid percent-encoding. And what the original's clients send at registration works.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { errorBodySchema, MAX_JSON_DEPTH, type CollectorCredentials } from "@catsyphon/protocol";
import { batch, collectorHeaders, registerCollector, request, startTestApi, type TestApi } from "./harness";

describe("bad input answers 4xx with the error shape", () => {
  let api: TestApi;
  let collector: CollectorCredentials;
  beforeAll(async () => {
    api = await startTestApi("bad-input", { MAX_BODY_BYTES: "100000" });
    collector = await registerCollector(api);
  });
  afterAll(() => api.close());

  const raw = async (path: string, body: Uint8Array | string, headers: Record<string, string>) => {
    const res = await fetch(`${api.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...collectorHeaders(collector), ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
    const json: unknown = await res.json();
    return {
      status: res.status,
      body: res.status >= 400 ? errorBodySchema.parse(json) : { error: "", message: "", details: undefined },
    };
  };

  it("400 for Content-Encoding: gzip with a body that is not gzip", async () => {
    const res = await raw("/collectors/events", JSON.stringify(batch("gz", 1, 1)), {
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_body");
    expect(res.body.message).toMatch(/Content-Encoding/);
  });

  it("accepts a real gzip body, and bounds what it inflates to by MAX_BODY_BYTES (413)", async () => {
    const ok = await raw("/collectors/events", gzipSync(JSON.stringify(batch("gz-ok", 1, 2))), {
      "content-encoding": "gzip",
    });
    expect(ok.status).toBe(202);
    // ~2 kB on the wire, 1 MB once inflated: the limit applies to the inflated body.
    const bomb = batch("gz-bomb", 1, 1);
    (bomb.events[0] as { data: Record<string, unknown> }).data.padding = "x".repeat(1_000_000);
    const compressed = gzipSync(JSON.stringify(bomb));
    expect(compressed.length).toBeLessThan(100_000);
    const res = await raw("/collectors/events", compressed, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe("payload_too_large");
  });

  it("400 for JSON nested 10,000 deep in tool parameters, naming where the limit is passed", async () => {
    const body = batch("deep", 4, 4);
    const event = { ...body.events[0], type: "tool_call" } as Record<string, unknown>;
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const text = JSON.stringify({
      ...body,
      events: [{ ...event, data: { tool_name: "Read", tool_use_id: "t", parameters: { x: "DEEP" } } }],
    }).replace('"DEEP"', deep);
    const res = await raw("/collectors/events", text, {});
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_body");
    expect(res.body.message).toMatch(new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
    const [detail] = res.body.details as { path: string }[];
    expect(detail?.path.startsWith("events.0.data.parameters.x.0.0")).toBe(true);
    // Deep registration metadata is refused the same way (a recursive schema validates it).
    const registration = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      rawBody: `{"collector_type":"x","collector_version":"1","hostname":"h","metadata":{"a":${deep}}}`,
    });
    expect(registration.status).toBe(400);
    // The limit is on depth only: 63 levels below the body pass.
    const fine = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      rawBody: `{"collector_type":"x","collector_version":"1","hostname":"h","metadata":{"a":${"[".repeat(MAX_JSON_DEPTH - 2)}${"]".repeat(MAX_JSON_DEPTH - 2)}}}`,
    });
    expect(fine.status).toBe(201);
  });

  it("400 for a session id in the path that is not valid percent-encoding", async () => {
    const res = await request(`${api.url}/collectors/sessions/%E0%A4%A`, {
      headers: collectorHeaders(collector),
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.body)).toMatchObject({ error: "invalid_body" });
    const complete = await request(`${api.url}/collectors/sessions/%E0%A4%A/complete`, {
      headers: collectorHeaders(collector),
      body: { outcome: "success" },
    });
    expect(complete.status).toBe(400);
  });

  it("stores registration metadata with NUL stripped (keys too), never a 500", async () => {
    const res = await request<CollectorCredentials>(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: {
        collector_type: "aiobscura",
        collector_version: "0.1.11",
        hostname: "mac",
        metadata: { platform: "mac\u0000os", "ar\u0000ch": "aarch64" },
      },
    });
    expect(res.status).toBe(201);
    const row = await api.api.context.prisma.collectorConfig.findUniqueOrThrow({
      where: { id: res.body.collector_id },
    });
    expect(row.metadata).toEqual({ platform: "macos", arch: "aarch64" });
    const nulInHostname = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: { collector_type: "sdk", collector_version: "1", hostname: "h\u0000" },
    });
    expect(nulInHostname.status).toBe(400);
    expect(nulInHostname.body).toMatchObject({ details: [{ path: "hostname" }] });
  });

  it("registration answers created_at, takes the credential's workspace_id and refuses another (403)", async () => {
    const before = Date.now();
    const res = await request<CollectorCredentials>(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: {
        collector_type: "watcher",
        collector_version: "1.0.0",
        hostname: "dev",
        workspace_id: collector.workspace_id,
        metadata: null,
      },
    });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.created_at)).toBeGreaterThanOrEqual(before - 1000);
    const other = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: {
        collector_type: "watcher",
        collector_version: "1.0.0",
        hostname: "dev",
        workspace_id: "00000000-0000-4000-8000-000000000000",
      },
    });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: "forbidden" });
  });
});
