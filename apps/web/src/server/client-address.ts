// The client's address for per-address limits. Next's own server only fills X-Forwarded-For when the client did not
// send one, so the header alone could be forged; our start script (src/cli/start.ts) overwrites this header on every
// request with the socket's address (or X-Forwarded-For's first hop behind a trusted proxy).
export const CLIENT_ADDRESS_HEADER = "x-catsyphon-client-address";

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
