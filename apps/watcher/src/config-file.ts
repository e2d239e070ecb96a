// The config file `catsyphon login` writes: server URL and collector credentials, readable only by its owner.
import { readFile } from "node:fs/promises";

import { apiKeySchema } from "@catsyphon/protocol";
import { z } from "zod";

import { writeFileAtomic } from "./atomic-file";

export const watcherConfigSchema = z.object({
  server_url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  api_key: apiKeySchema,
  collector_id: z.uuid(),
  workspace_id: z.uuid().optional(),
});
export type WatcherConfig = z.infer<typeof watcherConfigSchema>;

export class ConfigFileError extends Error {}

/** The saved config, or null when there is none. Throws ConfigFileError when the file exists but is invalid. */
export async function readConfigFile(path: string): Promise<WatcherConfig | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigFileError(`${path} is not valid JSON; run \`catsyphon login\` again`);
  }
  const parsed = watcherConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigFileError(
      `${path}: ${issue?.path.join(".") || "config"} ${issue?.message ?? "is invalid"}; run \`catsyphon login\` again`,
    );
  }
  return parsed.data;
}

/** Saves the config with mode 0600 (it holds a secret key). */
export async function writeConfigFile(path: string, config: WatcherConfig): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(watcherConfigSchema.parse(config), null, 2)}\n`, 0o600);
}
