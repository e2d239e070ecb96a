// Where the watcher's server and key come from: flags, else env, else the config file `catsyphon login` wrote,
// else (for `pnpm start`) the built-in collector's key fetched with the admin token and saved for next time.
import { CatSyphonApiError, CatSyphonClient, fetchBuiltinCredentials } from "@catsyphon/sdk";

import { readConfigFile, writeConfigFile, type WatcherConfig } from "./config-file";
import { type WatcherSettings } from "./env";

export interface CredentialFlags {
  server?: string;
  apiKey?: string;
  collectorId?: string;
}

export interface Credentials {
  serverUrl: string;
  apiKey: string;
  collectorId: string;
}

export class MissingCredentialsError extends Error {}

async function keyIsAccepted(credentials: Credentials): Promise<boolean> {
  const client = new CatSyphonClient({ ...credentials, retry: { maxAttempts: 6 } });
  try {
    await client.getSession("catsyphon-key-check");
    return true;
  } catch (error) {
    if (error instanceof CatSyphonApiError && (error.status === 401 || error.status === 403)) return false;
    throw error;
  } finally {
    await client.close();
  }
}

export async function resolveCredentials(
  flags: CredentialFlags,
  settings: WatcherSettings,
): Promise<Credentials> {
  const saved = await readConfigFile(settings.configFile);
  const serverUrl = flags.server ?? settings.CATSYPHON_SERVER_URL ?? saved?.server_url;
  const apiKey = flags.apiKey ?? settings.CATSYPHON_API_KEY;
  const collectorId = flags.collectorId ?? settings.CATSYPHON_COLLECTOR_ID;
  if (!serverUrl) {
    throw new MissingCredentialsError(
      "no server: pass --server, set CATSYPHON_SERVER_URL, or run `catsyphon login --server <url> ...` first",
    );
  }
  if (apiKey && collectorId) return { serverUrl, apiKey, collectorId };
  if (apiKey || collectorId) {
    throw new MissingCredentialsError("--api-key and --collector-id (or their env variables) go together");
  }
  if (saved && saved.server_url === serverUrl) {
    const fromFile = { serverUrl, apiKey: saved.api_key, collectorId: saved.collector_id };
    // A saved key the server no longer knows (database reset, key revoked) is replaced when an admin token
    // can fetch a new one.
    if (!settings.CATSYPHON_ADMIN_TOKEN || (await keyIsAccepted(fromFile))) return fromFile;
  }
  if (settings.CATSYPHON_ADMIN_TOKEN) {
    const issued = await fetchBuiltinCredentials({ serverUrl, adminToken: settings.CATSYPHON_ADMIN_TOKEN });
    const config: WatcherConfig = {
      server_url: serverUrl,
      api_key: issued.api_key,
      collector_id: issued.collector_id,
      workspace_id: issued.workspace_id,
    };
    await writeConfigFile(settings.configFile, config);
    return { serverUrl, apiKey: issued.api_key, collectorId: issued.collector_id };
  }
  throw new MissingCredentialsError(
    `no collector key for ${serverUrl}: run \`catsyphon login\`, pass --api-key and --collector-id, or set CATSYPHON_API_KEY and CATSYPHON_COLLECTOR_ID`,
  );
}
