import { redactDatabaseUrl } from "../connection-config";

/** Runs a CLI entry point: prints the error without a stack for expected failures, exits non-zero. */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // Connection errors can echo the URL; never print a password.
      console.error(message.replace(/postgres(ql)?:\/\/[^\s"']+/g, (url) => redactDatabaseUrl(url)));
      process.exit(1);
    },
  );
}
