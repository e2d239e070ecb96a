// The CLI parses big session logs, so it runs with the Node flags that keep that within its memory budget (from
// @catsyphon/parsers, where bench:parse measures under the same flags). Started without them, the process
// replaces itself with one that has them: same pid, so signals and the exit status reach the CLI as they are.
// Where Node cannot replace a process (no process.execve: Windows), the CLI runs with Node's defaults.
import { missingProcessFlags } from "@catsyphon/parsers/process-flags";

/** Returns only when the flags are already set (or cannot be): otherwise this process becomes the relaunched one. */
export function relaunchWithParsingFlags(): void {
  // eslint-disable-next-line no-restricted-properties -- Node's own option variable, read before the CLI's env module.
  const missing = missingProcessFlags(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length > 0 && typeof process.execve === "function") {
    process.execve(process.execPath, [
      process.execPath,
      ...missing,
      ...process.execArgv,
      ...process.argv.slice(1),
    ]);
  }
}
