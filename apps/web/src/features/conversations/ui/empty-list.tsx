// What a new team sees before any session arrived: how to point the watcher or an SDK at this server.
import Link from "next/link";

export function EmptyList({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <div className="notice">
        <p>No session matches these filters.</p>
        <button type="button" className="button-quiet" onClick={onClear}>
          Clear all filters
        </button>
      </div>
    );
  }
  return (
    <div className="notice empty-start">
      <h2>No sessions yet</h2>
      <p>
        Sessions appear here as soon as a collector sends them to this server&apos;s ingest API (port 8000 by
        default).
      </p>
      <ol>
        <li>
          Create an API token with the <strong>admin</strong> scope in{" "}
          <Link href="/settings/api-tokens">Settings → API tokens</Link> (or use{" "}
          <code>CATSYPHON_ADMIN_TOKEN</code>).
        </li>
        <li>
          On each developer machine, from a checkout of CatSyphon, register the machine and start the watcher:
          <pre>
            <code>
              {
                "pnpm catsyphon login --server http://YOUR-SERVER:8000 --admin-token csa_…\npnpm catsyphon watch"
              }
            </code>
          </pre>
          It backfills the Claude Code, Codex CLI and Gemini CLI logs it finds, then follows new sessions.
        </li>
        <li>
          From another tool: register a collector with <code>POST /collectors</code> on the ingest API, then
          send batches to <code>POST /collectors/events</code>, or use the TypeScript SDK in{" "}
          <code>packages/sdk</code>.
        </li>
      </ol>
    </div>
  );
}
