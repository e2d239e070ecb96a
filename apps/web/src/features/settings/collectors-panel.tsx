"use client";
// The workspace's collectors (watchers and SDK clients that send sessions to the ingest API): admins create one
// with a name and a description, and see its key once, with the environment lines a watcher or SDK reads; they
// revoke one (the ingest API refuses its key within 5 s). Members and viewers see the list only.
import { useState } from "react";
import { type z } from "zod";
import { apiRequest, errorMessage } from "../../client/api-client";
import { formatTime } from "../../client/format";
import { TableScroll } from "../../client/table-scroll";
import { collectorListSchema, collectorSchema, createdCollectorSchema } from "../collectors/schemas";
import { useSettingsList, useSettingsMutation } from "./use-settings-list";

const PATH = "/api/v1/collectors";
type Created = z.output<typeof createdCollectorSchema>;

const envLines = (created: Created, ingestUrl: string) =>
  [
    `CATSYPHON_SERVER_URL=${ingestUrl}`,
    `CATSYPHON_API_KEY=${created.api_key}`,
    `CATSYPHON_COLLECTOR_ID=${created.id}`,
  ].join("\n");

export function CollectorsPanel({
  initial,
  canManage,
  ingestUrl,
}: {
  initial: z.output<typeof collectorListSchema>;
  canManage: boolean;
  ingestUrl: string;
}) {
  const collectors = useSettingsList(PATH, collectorListSchema, initial);
  const [created, setCreated] = useState<Created>();
  const [error, setError] = useState<string>();
  const create = useSettingsMutation(PATH, (input: { name: string; description?: string }) =>
    apiRequest(PATH, createdCollectorSchema, { method: "POST", json: input }),
  );
  const revoke = useSettingsMutation(PATH, (id: string) =>
    apiRequest(`${PATH}/${id}`, collectorSchema, { method: "DELETE" }),
  );
  const items = collectors.data.items;

  return (
    <>
      {canManage ? (
        <section className="settings-section" aria-labelledby="collector-create-heading">
          <h2 id="collector-create-heading">Create a collector</h2>
          <p className="muted">
            For a watcher on a machine that cannot run <code>pnpm catsyphon login</code>, a CI job or a tool
            using the SDK. Its key is shown once.
          </p>
          <form
            className="settings-form"
            onSubmit={(event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const data = new FormData(form);
              const description = String(data.get("description") ?? "").trim();
              setError(undefined);
              setCreated(undefined);
              create.mutate(
                { name: String(data.get("name") ?? ""), ...(description ? { description } : {}) },
                {
                  onSuccess: (collector) => {
                    setCreated(collector);
                    form.reset();
                  },
                  onError: (caught) => setError(`No collector created: ${errorMessage(caught)}`),
                },
              );
            }}
          >
            <label className="field">
              <span>Name</span>
              <input name="name" required maxLength={100} placeholder="ci runner, ada's laptop" />
            </label>
            <label className="field field-wide">
              <span>Description (optional)</span>
              <input name="description" maxLength={500} placeholder="what sends through it" />
            </label>
            <button type="submit" className="button-primary" disabled={create.isPending}>
              Create collector
            </button>
          </form>
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          {created ? (
            <div className="secret-box" role="status">
              <strong>Collector “{created.name}” created.</strong> Copy its key now: it is shown only once
              (only a hash is kept). Put these lines in the environment of the watcher or SDK client:
              <pre data-testid="collector-env">
                <code>{envLines(created, ingestUrl)}</code>
              </pre>
              <span className="muted">
                Then <code>pnpm catsyphon watch</code> sends this machine&apos;s sessions.
              </span>
            </div>
          ) : null}
        </section>
      ) : null}

      <section className="settings-section" aria-labelledby="collectors-heading">
        <h2 id="collectors-heading">Collectors ({items.length})</h2>
        {items.length === 0 ? (
          <div className="notice">
            <p>No collector is registered yet.</p>
            <p>
              On a developer machine,{" "}
              <code>pnpm catsyphon login --server {ingestUrl} --admin-token csa_…</code> registers one (use an
              admin-scoped API token from the API tokens tab){canManage ? ", or create one above" : ""}.
            </p>
          </div>
        ) : (
          <TableScroll label="Collectors">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Host</th>
                  <th scope="col">Key prefix</th>
                  <th scope="col">State</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Registered</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {items.map((collector) => {
                  const name = collector.name ?? collector.hostname ?? collector.collector_type;
                  return (
                    <tr key={collector.id}>
                      <td>
                        {name}
                        {collector.description ? (
                          <div className="muted small">{collector.description}</div>
                        ) : null}
                      </td>
                      <td>
                        {collector.collector_type} {collector.collector_version}
                        {collector.is_builtin ? <span className="muted"> (built-in)</span> : null}
                      </td>
                      <td>{collector.hostname ?? <span className="muted">—</span>}</td>
                      <td>
                        <code>{collector.api_key_prefix}…</code>
                      </td>
                      <td>{collector.state === "revoked" ? "⊘ revoked" : "active"}</td>
                      <td>{collector.last_seen_at ? formatTime(collector.last_seen_at) : "never"}</td>
                      <td>{formatTime(collector.created_at)}</td>
                      {canManage ? (
                        <td>
                          {collector.state === "active" ? (
                            <button
                              type="button"
                              className="button-danger"
                              disabled={revoke.isPending}
                              onClick={() => {
                                if (
                                  !window.confirm(
                                    `Revoke the collector “${name}”? The ingest API refuses its key from now on.`,
                                  )
                                )
                                  return;
                                revoke.mutate(collector.id, {
                                  onError: (caught) => setError(`Not revoked: ${errorMessage(caught)}`),
                                });
                              }}
                            >
                              Revoke<span className="visually-hidden"> {name}</span>
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
