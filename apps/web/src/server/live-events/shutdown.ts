// Where the process's live-event hub is kept (globalThis: Next may evaluate a module once per route bundle, and the
// start script, outside the bundle, must reach it on SIGTERM). No server-only import: the start script uses it.
export interface ClosableHub {
  close(): Promise<void>;
  /** Live-update streams open now (for /metrics). */
  readonly connectionCount: number;
}

const shared = globalThis as typeof globalThis & { __catsyphonLiveEventHub?: ClosableHub };

export function registeredHub<T extends ClosableHub>(create: () => T): T {
  shared.__catsyphonLiveEventHub ??= create();
  return shared.__catsyphonLiveEventHub as T;
}

/** Ends every live-update stream of this process (their clients reconnect elsewhere and resume). */
export async function closeLiveEventHub(): Promise<void> {
  await shared.__catsyphonLiveEventHub?.close();
}

/** Live-update streams open in this process now; 0 before the first one made the hub. */
export function liveEventConnectionCount(): number {
  return shared.__catsyphonLiveEventHub?.connectionCount ?? 0;
}
