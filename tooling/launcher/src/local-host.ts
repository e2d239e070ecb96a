import net from "node:net";

const localHosts = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Only a server meant to run on this machine is started for the user; a remote one is their business. */
export function isLocalHost(hostname: string): boolean {
  return localHosts.has(hostname);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export class LaunchError extends Error {
  override readonly name = "LaunchError";
}
