"use client";
// The workspace's collectors (watchers and SDK clients registered with the ingest API). Listing only: creating one
// from the dashboard comes with the collector-creation endpoint.
import { type z } from "zod";
import { formatTime } from "../../client/format";
import { collectorListSchema } from "../collectors/schemas";
import { useSettingsList } from "./use-settings-list";
import { TableScroll } from "../../client/table-scroll";

export function CollectorsPanel({ initial }: { initial: z.output<typeof collectorListSchema> }) {
  const collectors = useSettingsList("/api/v1/collectors", collectorListSchema, initial);
  const items = collectors.data.items;
  return (
    <section className="settings-section" aria-labelledby="collectors-heading">
      <h2 id="collectors-heading">Collectors ({items.length})</h2>
      {items.length === 0 ? (
        <div className="notice">
          <p>No collector is registered yet.</p>
          <p>
            On a developer machine,{" "}
            <code>pnpm catsyphon login --server http://YOUR-SERVER:8000 --admin-token csa_…</code> registers
            one (use an admin-scoped API token from the API tokens tab).
          </p>
        </div>
      ) : (
        <TableScroll label="Collectors">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Version</th>
                <th scope="col">Host</th>
                <th scope="col">Key prefix</th>
                <th scope="col">State</th>
                <th scope="col">Last seen</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {items.map((collector) => (
                <tr key={collector.id}>
                  <td>
                    {collector.collector_type}
                    {collector.is_builtin ? <span className="muted"> (built-in)</span> : null}
                  </td>
                  <td>{collector.collector_version}</td>
                  <td>{collector.hostname ?? <span className="muted">—</span>}</td>
                  <td>
                    <code>{collector.api_key_prefix}…</code>
                  </td>
                  <td>{collector.state}</td>
                  <td>{collector.last_seen_at ? formatTime(collector.last_seen_at) : "never"}</td>
                  <td>{formatTime(collector.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
