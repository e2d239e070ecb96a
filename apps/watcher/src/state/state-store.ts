// Per-file progress, one small JSON file per log under <stateDir>/files, each written atomically, so a crash
// at any moment leaves every file's progress either before or after its last acknowledged batch.
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

import { writeFileAtomic } from "../atomic-file";
import { summaryOf, type TrackedFile, trackedFileSchema, type TrackedSummary } from "./tracked-file";

/** Where per-file progress is kept: on disk for `watch`, in memory for a one-shot `ingest`. */
export interface ProgressStore {
  get(path: string): Promise<TrackedFile | null>;
  put(file: TrackedFile): Promise<void>;
  remove(path: string): Promise<void>;
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

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  async list(): Promise<TrackedFile[]> {
    return [...this.files.values()];
  }
}

export class StateStore implements ProgressStore {
  private readonly filesDir: string;
  /** Summaries of every tracked file, once summaries() has read them; put() and remove() keep them current. */
  private index: Map<string, TrackedSummary> | null = null;
  private indexLoaded: Promise<void> | null = null;
  /** Paths removed while the index was being read from disk (the read may still return them). */
  private readonly removedWhileLoading = new Set<string>();

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
    const parsed = trackedFileSchema.parse(file);
    await writeFileAtomic(this.entryPath(file.path), JSON.stringify(parsed));
    this.index?.set(parsed.path, summaryOf(parsed));
    this.removedWhileLoading.delete(parsed.path);
  }

  async remove(path: string): Promise<void> {
    await rm(this.entryPath(path), { force: true });
    this.index?.delete(path);
    this.removedWhileLoading.add(path);
  }

  /**
   * What the watcher's periodic passes (rescan, idle completion) need of every tracked file. Read from disk once,
   * then kept current by put() and remove(): a watcher tracking thousands of logs would otherwise read and check
   * every checkpoint every few seconds. Only the process holding the state folder's lock writes to it.
   */
  async summaries(): Promise<TrackedSummary[]> {
    if (this.index === null) {
      const index = new Map<string, TrackedSummary>();
      // Puts from now on land in the index; what they wrote wins over what the read below finds on disk.
      this.index = index;
      this.removedWhileLoading.clear();
      this.indexLoaded = (async () => {
        for (const file of await this.list()) {
          if (!index.has(file.path) && !this.removedWhileLoading.has(file.path)) {
            index.set(file.path, summaryOf(file));
          }
        }
      })();
    }
    await this.indexLoaded;
    return [...this.index.values()];
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
