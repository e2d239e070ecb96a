// Project and developer of a session (DESIGN §4 item 5).

/** Project name: the last segment of the working directory. */
export function projectNameOf(directory: string): string {
  const segments = directory.replace(/[\\/]+$/, "").split(/[\\/]/);
  return segments.at(-1) || directory;
}

/** The user name from an explicit field, else from /Users/<name>/... or /home/<name>/... */
export function developerOf(explicit: string | undefined, directory: string | undefined): string | null {
  if (explicit) return explicit;
  const match = directory ? /^\/(?:Users|home)\/([^/]+)/.exec(directory) : null;
  return match?.[1] ?? null;
}
