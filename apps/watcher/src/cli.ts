// The `catsyphon` command line (DESIGN §5): login, ingest, watch, status.
import { parseArgs } from "node:util";

import { ConfigError } from "@catsyphon/config";
import { CatSyphonError } from "@catsyphon/sdk";

import { login, UsageError } from "./commands/login";
import { ingest } from "./commands/ingest";
import { formatStatus, statusReport } from "./commands/status";
import { watch } from "./commands/watch";
import { ConfigFileError } from "./config-file";
import { MissingCredentialsError } from "./credentials";
import { loadWatcherSettings } from "./env";
import { StateLockedError } from "./state/lock";
import { WATCHER_VERSION } from "./version";

const USAGE = `Usage: catsyphon <command> [options]

Commands:
  login                 save server and collector credentials (--server with --api-key and --collector-id,
                        or --admin-token to register this machine)
  ingest <paths...>     send the sessions in these files or folders once (exit 0 when every event was accepted)
  watch                 backfill the agents' log folders, then follow them (--once: stop after the backfill)
  status                what is tracked, pending and failing, and the last error (--json, --verbose)

Options:
  --version               print the version and exit
  --server <url>          ingest API (else CATSYPHON_SERVER_URL, else the saved login)
  --api-key <key>         collector key (else CATSYPHON_API_KEY, else the saved login)
  --collector-id <uuid>   collector id (else CATSYPHON_COLLECTOR_ID, else the saved login)
  --admin-token <token>   login: register a new collector with this admin credential
  --claude-dir <dir>      Claude Code home (default ~/.claude)
  --codex-dir <dir>       Codex CLI home (default ~/.codex)
  --gemini-dir <dir>      Gemini CLI home (default ~/.gemini)
  --exclude <glob>        skip files, folders or projects (working directories) matching it; repeatable
  --no-redact             send content as it is (secrets are redacted by default)
  --idle-seconds <n>      complete a session after its log was idle this long (default 1800)
  --state-dir <dir>       where watch keeps per-file progress
  --config <file>         the config file login writes
  --once                  watch: exit after the backfill
`;

const options = {
  server: { type: "string" },
  "api-key": { type: "string" },
  "collector-id": { type: "string" },
  "admin-token": { type: "string" },
  "claude-dir": { type: "string" },
  "codex-dir": { type: "string" },
  "gemini-dir": { type: "string" },
  exclude: { type: "string", multiple: true },
  "no-redact": { type: "boolean" },
  "idle-seconds": { type: "string" },
  "state-dir": { type: "string" },
  config: { type: "string" },
  once: { type: "boolean" },
  json: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`${WATCHER_VERSION}\n`);
    return 0;
  }
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const settings = loadWatcherSettings({
    ...(values["state-dir"] ? { CATSYPHON_STATE_DIR: values["state-dir"] } : {}),
    ...(values.config ? { CATSYPHON_CONFIG_FILE: values.config } : {}),
  });
  const credentials = {
    server: values.server,
    apiKey: values["api-key"],
    collectorId: values["collector-id"],
  };
  const excludes = values.exclude ?? [];
  const redact = !values["no-redact"];
  const idleSeconds = positiveInt(values["idle-seconds"], "--idle-seconds");
  switch (command) {
    case "login":
      await login({ ...credentials, adminToken: values["admin-token"] }, settings, process.stdout);
      return 0;
    case "ingest": {
      if (rest.length === 0) throw new UsageError("ingest needs at least one file or folder");
      const summary = await ingest(
        { ...credentials, paths: rest, excludes, redact, idleSeconds },
        settings,
        process.stderr,
      );
      return summary.failed === 0 ? 0 : 1;
    }
    case "watch": {
      const handle = await watch(
        {
          ...credentials,
          once: values.once ?? false,
          excludes,
          redact,
          idleSeconds,
          paths: rest,
          claudeDir: values["claude-dir"],
          codexDir: values["codex-dir"],
          geminiDir: values["gemini-dir"],
        },
        settings,
        process.stderr,
      );
      const onSignal = () => void handle.stop();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      const { failed } = await handle.finished;
      return values.once && failed > 0 ? 1 : 0;
    }
    case "status": {
      const report = await statusReport(settings);
      process.stdout.write(
        values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report, values.verbose ?? false),
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

const KNOWN_ERRORS = [
  UsageError,
  MissingCredentialsError,
  ConfigFileError,
  ConfigError,
  StateLockedError,
  CatSyphonError,
];

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known =
      KNOWN_ERRORS.some((kind) => error instanceof kind) ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`catsyphon: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
