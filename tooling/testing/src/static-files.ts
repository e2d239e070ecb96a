// A tiny HTTP server on a loopback port that serves fixed files: the page (and its scripts) a browser test loads,
// from an origin of its own.
import { createServer, type Server } from "node:http";

export interface StaticFile {
  contentType: string;
  body: string;
}

export interface StaticFilesServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** Serves `files` (keyed by path, e.g. `/index.html`); anything else is a 404. */
export function serveStaticFiles(files: Record<string, StaticFile>): Promise<StaticFilesServer> {
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://localhost").pathname];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.contentType, "cache-control": "no-store" }).end(file.body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address !== "object" || address === null) return reject(new Error("no address"));
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
