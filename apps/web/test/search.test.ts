// GET /api/v1/search and the conversation list's q over what the real ingest API and worker stored: identifiers
// and punctuation as typed, quoted phrases, case, LIKE metacharacters taken literally, highlight offsets, paging,
// the short-term 400, and another workspace's messages never returned.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspace, createWorkspaceApiToken, ensureDefaultWorkspace } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { conversationListSchema } from "../src/features/conversations/schemas";
import { searchResultSchema } from "../src/features/search/schemas";
import { splitTerms } from "../src/features/search/terms";
import { body, TestClient } from "./support/client";
import { testPrisma } from "./support/fixtures";
import { type IngestStack, sequenced, startIngestStack } from "./support/ingest";

let web: WebProcess;
let prisma: PrismaClient;
let ingest: IngestStack;
let client: TestClient;
let token: string;
const ids = { main: "", child: "", flux: "", otherWorkspace: "" };

const start = (data: Record<string, unknown> = {}) => ({
  type: "session_start" as const,
  data: { agent_type: "claude-code", agent_version: "2.1.0", working_directory: "/home/ada/app", ...data },
});
const say = (author_role: string, message_type: string, content: string) => ({
  type: "message" as const,
  data: { author_role, message_type, content },
});

beforeAll(async () => {
  web = await startWebProcess({ label: "web-search" });
  prisma = testPrisma(web.database.url);
  ingest = await startIngestStack(web, prisma);
  const workspaceId = await ensureDefaultWorkspace(prisma);
  const other = await createWorkspace(prisma, { name: "Other team" });
  token = (
    await createWorkspaceApiToken(prisma, { workspaceId, name: "reader", scopes: ["read"], expiresAt: null })
  ).token;
  client = new TestClient(web.url);
  const collector = await ingest.collectorFor(workspaceId);
  const otherCollector = await ingest.collectorFor(other.id);

  const main = sequenced(
    [
      start({ slug: "tidy-otter" }),
      say("human", "prompt", "Why does the server say ECONNREFUSED on startup?"),
      say(
        "assistant",
        "response",
        "The useEffect hook in src/auth.ts runs twice. Use 100% of foo_bar% here.",
      ),
      {
        type: "tool_call",
        data: { tool_name: "Read", tool_use_id: "t1", parameters: { file_path: "src/auth.ts" } },
      },
      {
        type: "tool_result",
        data: { tool_use_id: "t1", success: false, result: "Error: connect ECONNREFUSED 127.0.0.1:5432" },
      },
      say("assistant", "response", "UseEffect cleanup fixed it."),
      say("assistant", "response", "foobar, foo-bar, fooXbar and 1000 items"),
      { type: "session_end", data: { outcome: "success" } },
    ],
    { start: new Date("2026-11-20T10:00:00Z") },
  );
  ids.main = await collector.send("search-main", main);
  const child = sequenced(
    [
      start({ parent_session_id: "search-main" }),
      say("agent", "response", "zebra-stripes only in the sub-agent"),
    ],
    { start: new Date("2026-11-20T10:05:00Z") },
  );
  ids.child = await collector.send("search-child", child);
  const flux = sequenced(
    [start(), say("human", "prompt", "Is the flux capacitor quantum? Ünïcödé ﬁle ÄÖÜ")],
    {
      start: new Date("2026-11-21T10:00:00Z"),
    },
  );
  ids.flux = await collector.send("search-flux", flux);
  ids.otherWorkspace = await otherCollector.send(
    "search-elsewhere",
    sequenced([start(), say("human", "prompt", "ECONNREFUSED in another workspace, zebra-stripes too")]),
  );
  await ingest.stored(ids.main, main.length);
  await ingest.stored(ids.child, child.length);
  await ingest.stored(ids.flux, flux.length);
  await ingest.stored(ids.otherWorkspace, 2);
  // The child is linked to its parent once both exist.
  const linked = await prisma.conversation.findFirst({
    where: { id: ids.child },
    select: { parentConversationId: true },
  });
  expect(linked?.parentConversationId).toBe(ids.main);
});

afterAll(async () => {
  await ingest?.stop();
  await prisma?.$disconnect();
  await web?.stop();
});

const search = async (q: string, extra = "") => {
  const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { bearer: token });
  expect(response.status).toBe(200);
  return searchResultSchema.parse(await response.json());
};
const hits = async (q: string) =>
  (await search(q)).items.map((item) => [
    item.conversation_id === ids.main ? "main" : item.conversation_id,
    item.sequence,
  ]);

describe("GET /api/v1/search", () => {
  it("finds identifiers and error strings as typed, in message text, tool results and tool parameters", async () => {
    expect(await hits("ECONNREFUSED")).toEqual([
      ["main", 5],
      ["main", 2],
    ]);
    expect(await hits("src/auth.ts")).toEqual([
      ["main", 4],
      ["main", 3],
    ]);
    expect(await hits("127.0.0.1:5432")).toEqual([["main", 5]]);
  });

  it("is case-insensitive, and wants every term", async () => {
    expect(await hits("useeffect")).toEqual([
      ["main", 6],
      ["main", 3],
    ]);
    expect(await hits("USEEFFECT cleanup")).toEqual([["main", 6]]);
    expect(await hits("econnrefused startup")).toEqual([["main", 2]]);
    expect(await hits("ECONNREFUSED nowhere")).toEqual([]);
  });

  it("takes LIKE metacharacters literally", async () => {
    expect(await hits("foo_bar")).toEqual([["main", 3]]);
    expect(await hits("100%")).toEqual([["main", 3]]);
    expect(await hits("foo_bar%")).toEqual([["main", 3]]);
    expect(await hits("foo%bar")).toEqual([]);
    expect(await hits("foo\\bar")).toEqual([]);
  });

  it("matches a quoted phrase as one term", async () => {
    expect((await search('"flux capacitor"')).items.map((item) => item.conversation_id)).toEqual([ids.flux]);
    expect(await hits('"capacitor flux"')).toEqual([]);
    expect((await search("capacitor flux")).items.map((item) => item.conversation_id)).toEqual([ids.flux]);
  });

  it("answers a snippet whose highlight offsets point at each match", async () => {
    for (const q of ["ECONNREFUSED", "src/auth.ts", "useeffect hook", '"flux capacitor" ÄÖÜ', "ünïcödé"]) {
      const result = await search(q);
      expect(result.items.length).toBeGreaterThan(0);
      for (const item of result.items) {
        expect(item.highlights.length).toBeGreaterThan(0);
        const terms = splitTerms(q).map((term) => term.toLowerCase());
        for (const [from, to] of item.highlights) {
          expect(terms).toContain(item.snippet.slice(from, to).toLowerCase());
        }
      }
    }
    const [read] = (await search("src/auth.ts")).items;
    expect(read).toMatchObject({ message_type: "tool_call", snippet: '{"file_path": "src/auth.ts"}' });
    expect(read?.highlights).toEqual([[15, 26]]);
  });

  it("says where a hit is: conversation, role, type, time, and the session's project and developer", async () => {
    const [hit] = (await search("zebra-stripes")).items;
    expect(hit).toMatchObject({
      conversation_id: ids.child,
      sequence: 2,
      role: "agent",
      message_type: "response",
      emitted_at: "2026-11-20T10:05:02.000Z",
      conversation: {
        project_name: "app",
        developer: "ada",
        agent_type: "claude_code",
        parent_conversation_id: ids.main,
      },
    });
    const [prompt] = (await search("ECONNREFUSED startup")).items;
    expect(prompt?.conversation).toMatchObject({ slug: "tidy-otter", parent_conversation_id: null });
  });

  it("never answers another workspace's messages", async () => {
    const result = await search("ECONNREFUSED");
    expect(result.items.map((item) => item.conversation_id)).not.toContain(ids.otherWorkspace);
    expect(JSON.stringify(await search("another workspace"))).not.toContain(ids.otherWorkspace);
    expect((await search("another workspace")).total).toBe(0);
  });

  it("finds within one conversation with conversation_id, and finds nothing in another workspace's", async () => {
    expect(
      (await search("zebra-stripes", `&conversation_id=${ids.child}`)).items.map((i) => i.sequence),
    ).toEqual([2]);
    expect((await search("zebra-stripes", `&conversation_id=${ids.main}`)).total).toBe(0);
    expect((await search("ECONNREFUSED", `&conversation_id=${ids.otherWorkspace}`)).total).toBe(0);
    const bad = await client.get("/api/v1/search?q=zebra&conversation_id=not-a-uuid", { bearer: token });
    expect(bad.status).toBe(400);
  });

  it("pages newest first, with the count", async () => {
    const first = await search("ECONNREFUSED", "&page_size=1");
    const second = await search("ECONNREFUSED", "&page_size=1&page=2");
    expect(first).toMatchObject({ total: 2, total_capped: false, pages: 2, page: 1, page_size: 1 });
    expect(first.items.map((item) => item.sequence)).toEqual([5]);
    expect(second.items.map((item) => item.sequence)).toEqual([2]);
    expect((await search("ECONNREFUSED", "&page=3")).items).toEqual([]);
  });

  it.each([
    ["q=ab", /3 or more letters or digits/],
    ["q=a%20b%20cd", /3 or more letters or digits/],
    ["q=...", /3 or more letters or digits/],
    ["q=%22%22", /no search term/],
    ["", /expected string/i],
    ["q=ECONNREFUSED&page_size=51", /50/],
  ])("answers 400 for %s", async (query, message) => {
    const response = await client.get(`/api/v1/search?${query}`, { bearer: token });
    expect(response.status).toBe(400);
    const answer = await body<{ error: string; details: { message: string }[] }>(response);
    expect(answer.error).toBe("invalid_query");
    expect(answer.details.map((detail) => detail.message).join(" ")).toMatch(message);
  });

  it("accepts short terms beside an indexable one", async () => {
    expect(await hits("ab ECONNREFUSED")).toEqual([]);
    // "on" is in "connect" and in "on startup".
    expect(await hits("on ECONNREFUSED")).toEqual([
      ["main", 5],
      ["main", 2],
    ]);
  });
});

describe("GET /api/v1/conversations?q=", () => {
  const listed = async (q: string) => {
    const response = await client.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`, { bearer: token });
    expect(response.status).toBe(200);
    return conversationListSchema.parse(await response.json()).items.map((item) => item.id);
  };

  it("lists main sessions whose own messages match", async () => {
    expect(await listed("ECONNREFUSED")).toEqual([ids.main]);
    expect(await listed('"flux capacitor"')).toEqual([ids.flux]);
    expect(await listed("src/auth.ts")).toEqual([ids.main]);
  });

  it("lists the main session when only a sub-agent's message matches", async () => {
    expect(await listed("zebra-stripes")).toEqual([ids.main]);
  });

  it("matches the slug, and finds nothing for text no session has", async () => {
    expect(await listed("tidy-otter")).toEqual([ids.main]);
    expect(await listed("no-such-text-anywhere")).toEqual([]);
  });

  it("combines with the other filters, and refuses a q without an indexable term", async () => {
    expect(await listed("ECONNREFUSED")).not.toContain(ids.otherWorkspace);
    const response = await client.get("/api/v1/conversations?q=ab&status=completed", { bearer: token });
    expect(response.status).toBe(400);
  });
});
