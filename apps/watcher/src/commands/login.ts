// `catsyphon login`: saves the server and the collector credentials (given, or registered with an admin token)
// to the config file, mode 0600, after checking that the server accepts them.
import { hostname, platform } from "node:os";

import { registerCollector } from "@catsyphon/sdk";

import { createClient } from "../client";
import { writeConfigFile } from "../config-file";
import { type WatcherSettings } from "../env";
import { WATCHER_VERSION } from "../version";

export interface LoginFlags {
  server?: string;
  apiKey?: string;
  collectorId?: string;
  adminToken?: string;
}

export class UsageError extends Error {}

export async function login(
  flags: LoginFlags,
  settings: WatcherSettings,
  out: NodeJS.WritableStream,
): Promise<void> {
  const serverUrl = flags.server ?? settings.CATSYPHON_SERVER_URL;
  if (!serverUrl) throw new UsageError("login needs --server <url> (or CATSYPHON_SERVER_URL)");
  let apiKey = flags.apiKey ?? settings.CATSYPHON_API_KEY;
  let collectorId = flags.collectorId ?? settings.CATSYPHON_COLLECTOR_ID;
  let workspaceId: string | undefined;
  const adminToken = flags.adminToken ?? settings.CATSYPHON_ADMIN_TOKEN;
  if (!apiKey || !collectorId) {
    if (apiKey || collectorId) throw new UsageError("--api-key and --collector-id go together");
    if (!adminToken) {
      throw new UsageError(
        "login needs --api-key and --collector-id, or --admin-token to register this machine",
      );
    }
    const registered = await registerCollector({
      serverUrl,
      adminToken,
      collector_type: "catsyphon-watcher",
      collector_version: WATCHER_VERSION,
      hostname: hostname().slice(0, 256) || "unknown",
      metadata: { platform: platform() },
    });
    apiKey = registered.api_key;
    collectorId = registered.collector_id;
    workspaceId = registered.workspace_id;
  }
  // A 404 for an unknown session proves the key and collector id are accepted (401/403 throw).
  const client = createClient({ serverUrl, apiKey, collectorId });
  try {
    await client.getSession("catsyphon-login-check");
  } finally {
    await client.close();
  }
  await writeConfigFile(settings.configFile, {
    server_url: serverUrl,
    api_key: apiKey,
    collector_id: collectorId,
    ...(workspaceId ? { workspace_id: workspaceId } : {}),
  });
  out.write(`Logged in to ${serverUrl} as collector ${collectorId}; saved to ${settings.configFile}\n`);
}
