// A small HTTP client for the tests: keeps the cookies the server sets (like a browser), and sends an Origin header
// of the server's own origin on state-changing requests unless a test passes another (or none).
export interface CallOptions {
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** The Origin to send; null sends none. Defaults to the server's origin for state-changing methods. */
  origin?: string | null;
  bearer?: string;
}

export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    const safe = method === "GET" || method === "HEAD";
    const origin =
      options.origin === undefined ? (safe ? null : new URL(this.baseUrl).origin) : options.origin;
    if (origin) headers.set("Origin", origin);
    if (options.bearer) headers.set("Authorization", `Bearer ${options.bearer}`);
    if (this.cookies.size > 0) {
      headers.set("Cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get = (path: string, options?: CallOptions) => this.call("GET", path, options);
  post = (path: string, options?: CallOptions) => this.call("POST", path, options);

  async signIn(email: string, password: string): Promise<Response> {
    return this.post("/api/v1/auth/sign-in", { json: { email, password } });
  }
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
