/** Reported to the server when the watcher registers itself. */
export const WATCHER_VERSION = "0.1.0";
