// A TCP proxy on a loopback port in front of a real server (Postgres, Redis), which a test controls to simulate
// outages: `pause()` freezes every connection (bytes stop flowing, as in a network partition: calls hang),
// `cut()` drops every connection and refuses new ones (the server is gone: calls fail at once), `resume()`
// restores normal service for new connections and for frozen ones.
import net, { type AddressInfo, type Server, type Socket } from "node:net";

type ProxyState = "open" | "paused" | "cut";

interface Link {
  client: Socket;
  upstream: Socket;
  /** Chunks held while paused, per direction. */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export class TcpProxy {
  private state: ProxyState = "open";
  private readonly links = new Set<Link>();

  private constructor(
    private readonly server: Server,
    /** The loopback port clients connect to. */
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and forwards each connection to `target`. */
  static async start(target: { host?: string; port: number }): Promise<TcpProxy> {
    const created: { proxy?: TcpProxy } = {};
    const server = net.createServer((client) => created.proxy?.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    created.proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    return created.proxy;
  }

  /** `url` with its host and port replaced by the proxy's (e.g. a DATABASE_URL or REDIS_URL). */
  urlFor(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Open connections (both ends up). */
  get connections(): number {
    return this.links.size;
  }

  /** Freezes every connection, new ones included: nothing is forwarded until resume(). */
  pause(): void {
    this.state = "paused";
    for (const link of this.links) {
      link.client.pause();
      link.upstream.pause();
    }
  }

  /** Drops every connection, and refuses new ones until resume(). */
  cut(): void {
    this.state = "cut";
    for (const link of [...this.links]) this.drop(link);
  }

  /** Forwards again, first what frozen connections held. */
  resume(): void {
    this.state = "open";
    for (const link of this.links) {
      for (const chunk of link.toUpstream.splice(0)) link.upstream.write(chunk);
      for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
      link.client.resume();
      link.upstream.resume();
    }
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host?: string; port: number }): void {
    if (this.state === "cut") {
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: target.host ?? "127.0.0.1", port: target.port });
    const link: Link = { client, upstream, toUpstream: [], toClient: [] };
    this.links.add(link);
    const forward = (to: Socket, held: Buffer[]) => (chunk: Buffer) => {
      if (this.state === "open") to.write(chunk);
      else held.push(chunk);
    };
    client.on("data", forward(upstream, link.toUpstream));
    upstream.on("data", forward(client, link.toClient));
    // Either end closing or failing takes the other with it; errors are expected here (that is the point).
    for (const socket of [client, upstream]) {
      socket.on("error", () => this.drop(link));
      socket.on("close", () => this.drop(link));
    }
    if (this.state === "paused") {
      client.pause();
      upstream.pause();
    }
  }

  private drop(link: Link): void {
    if (!this.links.delete(link)) return;
    // A reset (RST), not a polite FIN: what a dropped connection looks like to the client.
    if (!link.client.destroyed) link.client.resetAndDestroy();
    link.upstream.destroy();
  }
}
