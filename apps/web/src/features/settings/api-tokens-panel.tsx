"use client";
// Workspace API tokens (csa_…): created with a name, a scope and an optional expiry; the token is shown once, here,
// and only its prefix afterwards. Revoking stops it at once.
import { useState } from "react";
import { type z } from "zod";
import { apiRequest, errorMessage } from "../../client/api-client";
import { formatTime } from "../../client/format";
import { apiTokenListSchema, apiTokenSchema, createdApiTokenSchema } from "../api-tokens/schemas";
import { useSettingsList, useSettingsMutation } from "./use-settings-list";
import { TableScroll } from "../../client/table-scroll";

type TokenList = z.output<typeof apiTokenListSchema>;
const PATH = "/api/v1/api-tokens";

export function ApiTokensPanel({ initial }: { initial: TokenList }) {
  const tokens = useSettingsList(PATH, apiTokenListSchema, initial);
  const [created, setCreated] = useState<z.output<typeof createdApiTokenSchema>>();
  const [error, setError] = useState<string>();
  const create = useSettingsMutation(
    PATH,
    (input: { name: string; scopes: string[]; expires_in_days?: number }) =>
      apiRequest(PATH, createdApiTokenSchema, { method: "POST", json: input }),
  );
  const revoke = useSettingsMutation(PATH, (id: string) =>
    apiRequest(`${PATH}/${id}`, apiTokenSchema, { method: "DELETE" }),
  );

  return (
    <>
      <section className="settings-section" aria-labelledby="token-create-heading">
        <h2 id="token-create-heading">Create an API token</h2>
        <form
          className="settings-form"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = new FormData(form);
            const days = String(data.get("expires_in_days") ?? "").trim();
            setError(undefined);
            setCreated(undefined);
            create.mutate(
              {
                name: String(data.get("name") ?? ""),
                scopes: [String(data.get("scope") ?? "read")],
                ...(days ? { expires_in_days: Number(days) } : {}),
              },
              {
                onSuccess: (token) => {
                  setCreated(token);
                  form.reset();
                },
                onError: (caught) => setError(`No token created: ${errorMessage(caught)}`),
              },
            );
          }}
        >
          <label className="field">
            <span>Name</span>
            <input name="name" required maxLength={200} placeholder="grafana, ci, laptop" />
          </label>
          <label className="field">
            <span>Scope</span>
            <select name="scope" defaultValue="read">
              <option value="read">read: the read API</option>
              <option value="admin">admin: also collectors, tokens, members</option>
            </select>
          </label>
          <label className="field">
            <span>Expires after (days, optional)</span>
            <input name="expires_in_days" type="number" min={1} max={3650} inputMode="numeric" />
          </label>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            Create token
          </button>
        </form>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {created ? (
          <div className="secret-box" role="status">
            <strong>Token “{created.name}” created.</strong> Copy it now: it is shown only once, and only its
            prefix is kept for display.
            <code data-testid="created-token">{created.token}</code>
          </div>
        ) : null}
      </section>

      <section className="settings-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens ({tokens.data.items.length})</h2>
        {tokens.data.items.length === 0 ? (
          <p className="muted">No API tokens yet.</p>
        ) : (
          <TableScroll label="API tokens">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">State</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.token_prefix}…</code>
                    </td>
                    <td>{token.scopes.join(", ")}</td>
                    <td>{token.state}</td>
                    <td>{formatTime(token.created_at)}</td>
                    <td>{formatTime(token.last_used_at)}</td>
                    <td>{token.expires_at ? formatTime(token.expires_at) : "never"}</td>
                    <td>
                      {token.state === "active" ? (
                        <button
                          type="button"
                          className="button-danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (
                              !window.confirm(
                                `Revoke the token “${token.name}”? Anything using it stops working.`,
                              )
                            )
                              return;
                            revoke.mutate(token.id, {
                              onError: (caught) => setError(`Not revoked: ${errorMessage(caught)}`),
                            });
                          }}
                        >
                          Revoke<span className="visually-hidden"> {token.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
