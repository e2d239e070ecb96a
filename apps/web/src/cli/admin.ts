// `pnpm admin <group> <command>` (root script): workspaces, users, API tokens and collectors, straight against
// Postgres (DATABASE_URL). Whoever can run it can already reach the database, so it asks for no credential of its
// own and works before any user exists (decision 0015). Passwords come from standard input only (never from
// arguments, which other users of the machine can see); tokens are printed once. --json prints one JSON object.
// Exit codes: 0 done, 1 an operator mistake (unknown workspace, ambiguous prefix, ...), 2 bad arguments.
import { parseArgs } from "node:util";
import {
  AccountsError,
  API_TOKEN_SCOPES,
  createApiToken,
  createUser,
  createWorkspace,
  DEFAULT_WORKSPACE_SLUG,
  emailSchema,
  listApiTokens,
  listCollectors,
  listUsers,
  listWorkspaces,
  MEMBERSHIP_ROLES,
  passwordSchema,
  resetPassword,
  revokeApiToken,
  revokeCollector,
  setUserDisabled,
  workspaceIdOf,
} from "@catsyphon/accounts";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { z } from "zod";
import { readAdminCliEnv } from "./env";

const USAGE = `Usage: pnpm admin <group> <command> [options]   (pnpm -s admin ... for clean --json output)

  workspaces create --name <name> [--slug <slug>] [--json]
  workspaces list [--json]
  users create --email <email> --workspace <slug> --role owner|admin|member|viewer --password-stdin [--name <name>] [--json]
  users list [--json]
  users disable --email <email> [--json]        (ends their sessions; they cannot sign in)
  users enable --email <email> [--json]
  users reset-password --email <email> --password-stdin [--json]   (ends their sessions)
  api-tokens create --name <name> [--scope read|admin]... [--expires-in-days <n>] [--workspace <slug>] [--json]
  api-tokens list [--workspace <slug>] [--json]
  api-tokens revoke <token id or prefix> [--workspace <slug>] [--json]
  collectors list [--workspace <slug>] [--json]
  collectors revoke <collector id or key prefix> [--workspace <slug>] [--json]

--workspace defaults to "${DEFAULT_WORKSPACE_SLUG}". Passwords are read from standard input (at least 12 characters).`;

class UsageError extends Error {}

const name = z.string({ error: "is required" }).trim().min(1, "must not be empty").max(200);
const workspace = z.string().trim().min(1).max(100).default(DEFAULT_WORKSPACE_SLUG);
const json = z.boolean().default(false);
const email = z.string({ error: "is required" }).pipe(emailSchema);
const target = z.string({ error: "name what to revoke (its id or prefix)" }).trim().min(1);

const commandSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("workspaces create"),
    name,
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "must be lower-case letters, digits and dashes")
      .optional(),
    json,
  }),
  z.object({ command: z.literal("workspaces list"), json }),
  z.object({
    command: z.literal("users create"),
    email,
    workspace: z.string({ error: "is required" }).trim().min(1),
    role: z.enum(MEMBERSHIP_ROLES, { error: `must be one of ${MEMBERSHIP_ROLES.join(", ")}` }),
    "password-stdin": z.literal(true, { error: "is required: pipe the password in" }),
    name: name.optional(),
    json,
  }),
  z.object({ command: z.literal("users list"), json }),
  z.object({ command: z.literal("users disable"), email, json }),
  z.object({ command: z.literal("users enable"), email, json }),
  z.object({
    command: z.literal("users reset-password"),
    email,
    "password-stdin": z.literal(true, { error: "is required: pipe the password in" }),
    json,
  }),
  z.object({
    command: z.literal("api-tokens create"),
    name,
    scope: z.array(z.enum(API_TOKEN_SCOPES)).default(["admin"]),
    "expires-in-days": z.coerce.number().int().min(1).max(3650).optional(),
    workspace,
    json,
  }),
  z.object({ command: z.literal("api-tokens list"), workspace, json }),
  z.object({ command: z.literal("api-tokens revoke"), target, workspace, json }),
  z.object({ command: z.literal("collectors list"), workspace, json }),
  z.object({ command: z.literal("collectors revoke"), target, workspace, json }),
]);
type Command = z.infer<typeof commandSchema>;

function parseCommand(argv: string[]): Command | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: "string" },
        slug: { type: "string" },
        email: { type: "string" },
        workspace: { type: "string" },
        role: { type: "string" },
        "password-stdin": { type: "boolean" },
        scope: { type: "string", multiple: true },
        "expires-in-days": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { help, ...values } = parsed.values;
  const [group, command, targetArg, ...extra] = parsed.positionals;
  if (help === true || group === undefined || group === "help") return "help";
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  const result = commandSchema.safeParse({
    command: `${group} ${command ?? ""}`,
    target: targetArg,
    ...values,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0];
    if (field === "command") throw new UsageError(`unknown command "${group} ${command ?? ""}"`);
    const option = field === undefined || field === "target" ? "" : `--${String(field)} `;
    throw new UsageError(`${option}${issue?.message ?? "is invalid"}`);
  }
  if (targetArg !== undefined && !("target" in result.data))
    throw new UsageError(`unexpected argument: ${targetArg}`);
  return result.data;
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` or a terminal adds; it is not part of the password.
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  const result = passwordSchema.safeParse(password);
  if (!result.success)
    throw new UsageError(`the password on standard input ${result.error.issues[0]?.message ?? "is invalid"}`);
  return result.data;
}

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "-");

type Out = (value: unknown, text: () => string | string[]) => void;

async function run(prisma: PrismaClient, command: Command, out: Out): Promise<void> {
  switch (command.command) {
    case "workspaces create": {
      const created = await createWorkspace(prisma, { name: command.name, slug: command.slug });
      return out(
        { workspace_id: created.id, slug: created.slug, name: created.name },
        () => `Workspace "${created.name}" (${created.slug}) created: ${created.id}`,
      );
    }
    case "workspaces list": {
      const rows = await listWorkspaces(prisma);
      const items = rows.map((w) => ({
        id: w.id,
        slug: w.slug,
        name: w.name,
        members: w._count.memberships,
        conversations: w._count.conversations,
        created_at: w.createdAt,
      }));
      return out({ items }, () =>
        items.map(
          (w) =>
            `${w.id}  ${w.slug.padEnd(20)} ${w.name}  members ${w.members}  conversations ${w.conversations}`,
        ),
      );
    }
    case "users create": {
      const password = await readPassword();
      const created = await createUser(prisma, {
        email: command.email,
        password,
        workspaceSlug: command.workspace,
        role: command.role,
        name: command.name ?? null,
      });
      return out(
        {
          user_id: created.userId,
          email: created.email,
          workspace_id: created.workspaceId,
          role: created.role,
          created: created.created,
        },
        () =>
          created.created
            ? `User ${created.email} created (${created.userId}), ${created.role} of "${command.workspace}"`
            : `User ${created.email} exists (password unchanged); now ${created.role} of "${command.workspace}"`,
      );
    }
    case "users list": {
      const users = await listUsers(prisma);
      const items = users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        disabled: u.disabledAt !== null,
        last_login_at: u.lastLoginAt,
        memberships: u.memberships.map((m) => ({ workspace: m.workspace.slug, role: m.role })),
      }));
      return out({ items }, () =>
        items.map(
          (u) =>
            `${u.id}  ${u.email}  ${u.disabled ? "disabled" : "active"}  last sign-in ${day(u.last_login_at)}  ` +
            u.memberships.map((m) => `${m.workspace}:${m.role}`).join(","),
        ),
      );
    }
    case "users disable":
    case "users enable": {
      const changed = await setUserDisabled(prisma, {
        email: command.email,
        disabled: command.command === "users disable",
      });
      return out(
        {
          user_id: changed.userId,
          email: changed.email,
          disabled: changed.disabledAt !== null,
          sessions_revoked: changed.sessionsRevoked,
        },
        () =>
          changed.disabledAt
            ? `User ${changed.email} disabled; ${changed.sessionsRevoked} session(s) ended`
            : `User ${changed.email} enabled`,
      );
    }
    case "users reset-password": {
      const password = await readPassword();
      const reset = await resetPassword(prisma, { email: command.email, password });
      return out(
        { user_id: reset.userId, email: reset.email, sessions_revoked: reset.sessionsRevoked },
        () => `Password of ${reset.email} set; ${reset.sessionsRevoked} session(s) ended`,
      );
    }
    case "api-tokens create": {
      const days = command["expires-in-days"];
      const created = await createApiToken(prisma, {
        workspaceSlug: command.workspace,
        name: command.name,
        scopes: command.scope,
        expiresAt: days === undefined ? null : new Date(Date.now() + days * 86_400_000),
      });
      return out(
        {
          token_id: created.id,
          token: created.token,
          token_prefix: created.tokenPrefix,
          workspace: created.workspaceSlug,
          scopes: created.scopes,
          expires_at: created.expiresAt,
        },
        () => [
          created.token,
          `API token ${created.id} (${created.tokenPrefix}...) for workspace "${created.workspaceSlug}", scopes ` +
            `${created.scopes.join(",")}, expires ${day(created.expiresAt)}. It is shown only now.`,
        ],
      );
    }
    case "api-tokens list": {
      const items = await listApiTokens(prisma, command.workspace);
      return out({ items }, () =>
        items.length === 0
          ? `No API tokens in workspace "${command.workspace}".`
          : items.map(
              (t) =>
                `${t.id}  ${t.tokenPrefix}  ${t.name}  [${t.scopes.join(",")}]  ${t.revokedAt ? "revoked" : "active"}`,
            ),
      );
    }
    case "api-tokens revoke": {
      const revoked = await revokeApiToken(prisma, {
        workspaceSlug: command.workspace,
        idOrPrefix: command.target,
      });
      return out(
        { token_id: revoked.id, revoked_at: revoked.revokedAt },
        () => `Revoked API token ${revoked.id} (${revoked.tokenPrefix})`,
      );
    }
    case "collectors list": {
      const items = await listCollectors(prisma, await workspaceIdOf(prisma, command.workspace));
      return out({ items }, () =>
        items.length === 0
          ? `No collectors in workspace "${command.workspace}".`
          : items.map(
              (c) =>
                `${c.id}  ${c.apiKeyPrefix}  ${c.collectorType}${c.isBuiltin ? " (built-in)" : ""}  ${c.hostname ?? "-"}  ` +
                `last seen ${day(c.lastSeenAt)}  ${c.revokedAt ? "revoked" : "active"}`,
            ),
      );
    }
    case "collectors revoke": {
      const workspaceId = await workspaceIdOf(prisma, command.workspace);
      const revoked = await revokeCollector(prisma, { workspaceId, idOrPrefix: command.target });
      return out(
        { collector_id: revoked.id, revoked_at: revoked.revokedAt },
        () => `Revoked collector ${revoked.id} (${revoked.apiKeyPrefix})`,
      );
    }
  }
}

async function main(): Promise<number> {
  let command: Command | "help";
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`admin: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = readAdminCliEnv();
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: 1,
    applicationName: "catsyphon-admin",
  });
  const asJson = command.json;
  const out: Out = (value, text) => {
    const lines = asJson ? [JSON.stringify(value)] : [text()].flat();
    for (const line of lines) process.stdout.write(`${line}\n`);
  };
  try {
    await run(prisma, command, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`admin: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AccountsError) {
      process.stderr.write(`admin: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await prisma.$disconnect();
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
      `admin: ${cause.trim()}\n(Is DATABASE_URL right, and has \`pnpm db:migrate\` run against it?)\n`,
    );
    process.exitCode = 1;
  },
);
