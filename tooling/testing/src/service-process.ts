// Any service as a child process, started by an explicit command line (a built bundle under plain node, or the
// tsx entry), found by the URL in its first log line and waited on until its /ready answers 200. For the tests
// and the start-up benchmark of the production builds, which must choose the exact command.
import { type ChildProcess, spawn } from "node:child_process";

import { childProcessEnv } from "./env";
import { waitForLogLine } from "./ingest-api-process";

export interface ServiceProcessOptions {
  /** Shown in errors. */
  label: string;
  /** Arguments of process.execPath (the Node running this), e.g. ["--enable-source-maps", "dist/main.mjs"]. */
  nodeArgs: readonly string[];
  cwd: string;
  /** Laid over this process's environment. */
  env: Record<string, string>;
  /** The log field holding the base URL of /ready: "url" (APIs, web) or "healthUrl" (workers). */
  urlField: "url" | "healthUrl";
  startTimeoutMs?: number;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Base URL from the start-up log line. */
  url: string;
  output(): string;
  /** SIGTERM, then (after 15 s) SIGKILL; resolves with how it exited. Idempotent. */
  stop(): Promise<ServiceExit>;
}

const READY_POLL_MS = 20;

/** Starts the process and resolves once `<url>/ready` answered 200. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const child = spawn(process.execPath, [...options.nodeArgs], {
    cwd: options.cwd,
    env: childProcessEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stderr?.on("data", append);
  const exited = new Promise<ServiceExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let stopping: Promise<ServiceExit> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    })();
    return stopping;
  };
  try {
    const url = await waitForLogLine(
      child,
      append,
      timeoutMs,
      () => output,
      options.label,
      (entry) => {
        const value = entry[options.urlField];
        return typeof value === "string" ? value : undefined;
      },
    );
    await waitUntilReady(`${url}/ready`, child, Date.now() + timeoutMs, () => output, options.label);
    return { child, url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilReady(
  readyUrl: string,
  child: ChildProcess,
  deadline: number,
  output: () => string,
  label: string,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${label} exited before ${readyUrl} answered:\n${output()}`);
    }
    const status = await fetch(readyUrl).then(
      (response) => response.body?.cancel().then(() => response.status) ?? response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${readyUrl} did not answer 200 (last: ${status}):\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}
