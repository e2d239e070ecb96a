// `pnpm --filter @catsyphon/ingest-api api-tokens <create|list|revoke>`: workspace API tokens for people and CI
// jobs that register collectors, instead of sharing CATSYPHON_ADMIN_TOKEN. Talks to Postgres (DATABASE_URL).
import { parseArgs } from "node:util";
import { createPrismaClient } from "@catsyphon/db";
import { z } from "zod";
import {
  API_TOKEN_SCOPES,
  ApiTokenError,
  type ApiTokenSummary,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "@catsyphon/accounts";
import { DEFAULT_WORKSPACE_SLUG } from "../bootstrap";
import { readAdminCliEnv } from "../env";

const USAGE = `Usage:
  api-tokens create --name <name> [--scope admin|read]... [--expires-in-days <n>] [--workspace <slug>] [--json]
  api-tokens list [--workspace <slug>] [--json]
  api-tokens revoke <token id or prefix> [--workspace <slug>] [--json]

The token is printed once by create; only its SHA-256 is stored. --scope defaults to admin (register collectors
and fetch the watcher's credentials); --workspace defaults to "${DEFAULT_WORKSPACE_SLUG}".`;

const common = {
  workspace: z.string().trim().min(1).max(100).default(DEFAULT_WORKSPACE_SLUG),
  json: z.boolean().default(false),
};

const commandSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("create"),
    name: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(200),
    scope: z.array(z.enum(API_TOKEN_SCOPES)).default(["admin"]),
    "expires-in-days": z.coerce.number().int().min(1).max(3650).optional(),
    ...common,
  }),
  z.object({ command: z.literal("list"), ...common }),
  z.object({
    command: z.literal("revoke"),
    token: z.string({ error: "name the token to revoke (its id or prefix)" }).trim().min(1),
    ...common,
  }),
]);
type Command = z.infer<typeof commandSchema>;

class UsageError extends Error {}
class HelpRequested extends Error {}

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: "string" },
        scope: { type: "string", multiple: true },
        "expires-in-days": { type: "string" },
        workspace: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) throw new HelpRequested();
  const { help: _help, ...values } = parsed.values;
  const [command, token, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  const result = commandSchema.safeParse({ command, token, ...values });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0];
    if (field === "command") throw new UsageError("name a command: create, list or revoke");
    const option = field === undefined || field === "token" ? "" : `--${String(field)} `;
    throw new UsageError(`${option}${issue?.message ?? "is invalid"}`);
  }
  return result.data;
}

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "-");

function describeToken(token: ApiTokenSummary): string {
  const state = token.revokedAt
    ? `revoked ${day(token.revokedAt)}`
    : token.expiresAt && token.expiresAt.getTime() <= Date.now()
      ? `expired ${day(token.expiresAt)}`
      : "active";
  return [
    token.id,
    token.tokenPrefix.padEnd(12),
    token.name,
    `[${token.scopes.join(",")}]`,
    `created ${day(token.createdAt)}`,
    `last used ${day(token.lastUsedAt)}`,
    `expires ${day(token.expiresAt)}`,
    state,
  ].join("  ");
}

async function run(command: Command, out: (line: string) => void): Promise<void> {
  const env = readAdminCliEnv();
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: 1,
    applicationName: "catsyphon-api-tokens",
  });
  try {
    if (command.command === "create") {
      const days = command["expires-in-days"];
      const created = await createApiToken(prisma, {
        workspaceSlug: command.workspace,
        name: command.name,
        scopes: command.scope,
        expiresAt: days === undefined ? null : new Date(Date.now() + days * 86_400_000),
      });
      if (command.json) out(JSON.stringify(created));
      else {
        out(created.token);
        out(
          `API token ${created.id} (${created.tokenPrefix}...) for workspace "${created.workspaceSlug}", ` +
            `scopes ${created.scopes.join(",")}, expires ${day(created.expiresAt)}. It is shown only now.`,
        );
      }
    } else if (command.command === "list") {
      const tokens = await listApiTokens(prisma, command.workspace);
      if (command.json) out(JSON.stringify(tokens));
      else if (tokens.length === 0) out(`No API tokens in workspace "${command.workspace}".`);
      else for (const token of tokens) out(describeToken(token));
    } else {
      const revoked = await revokeApiToken(prisma, {
        workspaceSlug: command.workspace,
        idOrPrefix: command.token,
      });
      out(command.json ? JSON.stringify(revoked) : `Revoked: ${describeToken(revoked)}`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`api-tokens: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    await run(command, (line) => process.stdout.write(`${line}\n`));
    return 0;
  } catch (error) {
    if (error instanceof ApiTokenError) {
      process.stderr.write(`api-tokens: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Prisma's messages open with a code frame; the cause is their last line.
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      message
        .split("\n")
        .filter((line) => line.trim() !== "")
        .at(-1) ?? message;
    process.stderr.write(
      `api-tokens: ${cause.trim()}\n(Is DATABASE_URL right, and has \`pnpm db:migrate\` run against it?)\n`,
    );
    process.exitCode = 1;
  },
);
