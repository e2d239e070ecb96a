// Per-file progress, one small JSON file per log under <stateDir>/files, each written atomically, so a crash
// at any moment leaves every file's progress either before or after its last acknowledged batch.
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

import { writeFileAtomic } from "../atomic-file";
import { type TrackedFile, trackedFileSchema } from "./tracked-file";

/** Where per-file progress is kept: on disk for `watch`, in memory for a one-shot `ingest`. */
export interface ProgressStore {
  get(path: string): Promise<TrackedFile | null>;
  put(file: TrackedFile): Promise<void>;
  list(): Promise<TrackedFile[]>;
}

/**
 * Progress of one run only. A one-shot ingest starts from each file's beginning and skips what the server
 * already has (it asks for each session's last sequence), so it also repairs a server that lost data.
 */
export class MemoryStateStore implements ProgressStore {
  private readonly files = new Map<string, TrackedFile>();

  async get(path: string): Promise<TrackedFile | null> {
    return this.files.get(path) ?? null;
  }

  async put(file: TrackedFile): Promise<void> {
    this.files.set(file.path, trackedFileSchema.parse(file));
  }

  async list(): Promise<TrackedFile[]> {
    return [...this.files.values()];
  }
}

export class StateStore implements ProgressStore {
  private readonly filesDir: string;

  constructor(readonly stateDir: string) {
    this.filesDir = join(stateDir, "files");
  }

  private entryPath(path: string): string {
    return join(this.filesDir, `${createHash("sha256").update(path).digest("hex").slice(0, 40)}.json`);
  }

  /** The file's saved progress; null when unknown or unreadable (then it is simply read again from the start). */
  async get(path: string): Promise<TrackedFile | null> {
    return this.readEntry(this.entryPath(path));
  }

  async put(file: TrackedFile): Promise<void> {
    await writeFileAtomic(this.entryPath(file.path), JSON.stringify(trackedFileSchema.parse(file)));
  }

  async remove(path: string): Promise<void> {
    await rm(this.entryPath(path), { force: true });
  }

  async list(): Promise<TrackedFile[]> {
    let names: string[];
    try {
      names = await readdir(this.filesDir);
    } catch {
      return [];
    }
    const entries = await Promise.all(
      names.filter((name) => name.endsWith(".json")).map((name) => this.readEntry(join(this.filesDir, name))),
    );
    return entries
      .filter((entry): entry is TrackedFile => entry !== null)
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  private async readEntry(entryPath: string): Promise<TrackedFile | null> {
    try {
      const parsed = trackedFileSchema.safeParse(JSON.parse(await readFile(entryPath, "utf8")));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
