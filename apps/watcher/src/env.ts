// The watcher's environment: the watcher fragment of @catsyphon/config plus the standard folders of the user
// it runs as (XDG base directories, home).
import { homedir } from "node:os";
import { join } from "node:path";

import { loadWatcherEnv, type WatcherEnv } from "@catsyphon/config";
import { z } from "zod";

const xdgSchema = z.object({
  XDG_CONFIG_HOME: z.string().min(1).optional(),
  XDG_STATE_HOME: z.string().min(1).optional(),
});

export interface WatcherSettings extends WatcherEnv {
  homeDir: string;
  /** The config file `catsyphon login` writes. */
  configFile: string;
  /** Folder of per-file progress. */
  stateDir: string;
}

/** Settings from the environment, with `overrides` (command-line flags) laid over it. */
export function loadWatcherSettings(
  overrides: Record<string, string> = {},
  environment: Record<string, string | undefined> = process.env,
): WatcherSettings {
  const source = { ...environment, ...overrides };
  const env = loadWatcherEnv(source);
  const xdg = xdgSchema.parse({
    XDG_CONFIG_HOME: source.XDG_CONFIG_HOME || undefined,
    XDG_STATE_HOME: source.XDG_STATE_HOME || undefined,
  });
  const homeDir = source.HOME || homedir();
  return {
    ...env,
    homeDir,
    configFile:
      env.CATSYPHON_CONFIG_FILE ??
      join(xdg.XDG_CONFIG_HOME ?? join(homeDir, ".config"), "catsyphon", "config.json"),
    stateDir:
      env.CATSYPHON_STATE_DIR ?? join(xdg.XDG_STATE_HOME ?? join(homeDir, ".local", "state"), "catsyphon"),
  };
}
