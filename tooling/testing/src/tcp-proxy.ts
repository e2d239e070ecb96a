// A TCP proxy a test controls, put in front of Postgres or Redis to simulate the network failures a service
// meets in production: `pause` holds every byte (a network black hole: connections stay open, nothing arrives),
// `cut` resets every connection and refuses new ones (the server went away), `resume` lets traffic flow again
// (held bytes are delivered first).
import net from "node:net";

export type TcpProxyState = "open" | "paused" | "cut";

interface Link {
  client: net.Socket;
  upstream: net.Socket;
}

export class TcpProxy {
  private readonly links = new Set<Link>();
  private server: net.Server | undefined;
  private currentState: TcpProxyState = "open";

  private boundPort = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free port of 127.0.0.1 and forwards to `target` (e.g. the Postgres of TEST_DATABASE_URL). */
  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    proxy.boundPort = await proxy.listen(port);
    return proxy;
  }

  /** Proxies in front of the host and port of `url`. */
  static forUrl(url: string): Promise<TcpProxy> {
    const parsed = new URL(url);
    return TcpProxy.start({ host: parsed.hostname, port: Number(parsed.port) });
  }

  /** The port it listens on (the same across cut and resume). */
  get port(): number {
    return this.boundPort;
  }

  /** `url` with its host and port replaced by the proxy's (a postgres:// or redis:// URL). */
  static rewriteUrl(url: string, port: number): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(port);
    return parsed.toString();
  }

  get state(): TcpProxyState {
    return this.currentState;
  }

  /** Connections being forwarded (or held) right now. */
  get connections(): number {
    return this.links.size;
  }

  /** `url` pointed at this proxy. */
  url(url: string): string {
    return TcpProxy.rewriteUrl(url, this.port);
  }

  /** Holds all traffic: open connections stay open but nothing is delivered; new ones connect and wait. */
  pause(): void {
    if (this.currentState !== "open") return;
    this.currentState = "paused";
    for (const link of this.links) {
      link.client.pause();
      link.upstream.pause();
    }
  }

  /** Resets every connection and refuses new ones (connection refused) until `resume`. */
  async cut(): Promise<void> {
    this.currentState = "cut";
    for (const link of this.links) {
      link.client.resetAndDestroy();
      link.upstream.resetAndDestroy();
    }
    this.links.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Back to forwarding: held bytes flow, a cut proxy listens again on the same port. */
  async resume(): Promise<void> {
    if (this.currentState === "cut") await this.listen(this.port);
    this.currentState = "open";
    for (const link of this.links) {
      link.client.resume();
      link.upstream.resume();
    }
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private listen(port: number): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        const address = server.address();
        if (typeof address === "object" && address) resolve(address.port);
        else reject(new Error("the proxy has no address"));
      });
    });
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    const link: Link = { client, upstream };
    this.links.add(link);
    const drop = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    // Either side failing ends both (what a real network path does); errors are expected here, not fatal.
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    if (this.currentState === "paused") {
      client.pause();
      upstream.pause();
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
