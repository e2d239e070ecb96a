// `pnpm --filter @catsyphon/tagger backfill` as a user runs it (a child process), against this file's database
// and the fake OpenAI-compatible server.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

import { startFakeOpenAi, type FakeOpenAi } from "./fake-openai";
import {
  createConversation,
  startTaggerHarness,
  tagsOf,
  typicalSession,
  type TaggerHarness,
} from "./harness";

const run = promisify(execFile);
const APP_DIR = path.join(__dirname, "..");

let h: TaggerHarness;
let fake: FakeOpenAi;

async function backfill(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--require", "@catsyphon/config/node-version", "--import", "tsx", "src/cli/backfill.ts", ...args],
      {
        cwd: APP_DIR,
        env: {
          ...process.env,
          DATABASE_URL: h.database.url,
          OPENAI_BASE_URL: fake.baseUrl,
          LOG_LEVEL: "warn",
        },
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

beforeAll(async () => {
  h = await startTaggerHarness("tagger-backfill");
  fake = await startFakeOpenAi();
}, 60_000);

afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe("backfill", () => {
  it("estimates tokens with --dry-run and writes nothing, then tags what needs it", async () => {
    const untagged = await createConversation(h, typicalSession(5, "Add search to the list page"));
    const old = await createConversation(h, typicalSession(4, "Fix the date filter"));
    await h.prisma.conversation.update({
      where: { id: old },
      data: { tags: { has_errors: false, _meta: { rules_version: 0, source: {} } } },
    });
    const trivial = await createConversation(h, [{ role: "human", type: "prompt", content: "hi" }]);
    const other = await h.prisma.workspace.create({ data: { slug: "other", name: "Other" } });
    const elsewhere = await createConversation(h, typicalSession(3, "Elsewhere"), { workspaceId: other.id });

    const dry = await backfill(["--dry-run", "--workspace", "default"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^3 conversations to tag; 2 with the LLM \(gpt-4o-mini\): about \d+ input and 600 output tokens, about \$0\.\d{4}/,
    );
    expect(fake.requests).toHaveLength(0);
    expect(await tagsOf(h, untagged)).toEqual({});

    const real = await backfill(["--workspace", "default", "--since", "2020-01-01"]);
    expect(real.code).toBe(0);
    expect(real.stderr).toContain("3/3");
    expect(real.stdout).toContain("tagged 3 of 3 conversations");
    expect(fake.requests).toHaveLength(2);
    expect((await tagsOf(h, untagged))._meta?.llm_status).toBe("ok");
    expect((await tagsOf(h, old))._meta?.rules_version).toBe(1);
    expect((await tagsOf(h, trivial))._meta?.llm_status).toBe("trivial");
    expect(await tagsOf(h, elsewhere)).toEqual({});

    // Nothing left to do in that workspace.
    expect((await backfill(["--dry-run", "--workspace", "default"])).stdout).toMatch(
      /^0 conversations to tag/,
    );
  }, 120_000);

  it("refuses a bad --since", async () => {
    const result = await backfill(["--since", "yesterday-ish"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--since must be a date[\s\S]*usage:/);
  }, 60_000);
});
