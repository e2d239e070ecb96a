"use client";
// Invitations: an admin creates one (email + role) and gets a one-time link to hand over (no mail is sent); the link
// is shown once, here, and never again. Pending invitations can be revoked.
import { useState } from "react";
import { type z } from "zod";
import { apiRequest, errorMessage } from "../../client/api-client";
import { formatTime } from "../../client/format";
import { createdInviteSchema, inviteListSchema, inviteSchema } from "../invites/schemas";
import { type roleSchema } from "../members/schemas";
import { useSettingsList, useSettingsMutation } from "./use-settings-list";
import { TableScroll } from "../../client/table-scroll";

type InviteList = z.output<typeof inviteListSchema>;
type Role = z.output<typeof roleSchema>;
const PATH = "/api/v1/invites";

export function InvitesPanel({ initial, roles }: { initial: InviteList; roles: readonly Role[] }) {
  const invites = useSettingsList(PATH, inviteListSchema, initial);
  const [created, setCreated] = useState<z.output<typeof createdInviteSchema>>();
  const [error, setError] = useState<string>();
  const create = useSettingsMutation(PATH, (input: { email: string; role: string }) =>
    apiRequest(PATH, createdInviteSchema, { method: "POST", json: input }),
  );
  const revoke = useSettingsMutation(PATH, (id: string) =>
    apiRequest(`${PATH}/${id}`, inviteSchema, { method: "DELETE" }),
  );

  return (
    <>
      <section className="settings-section" aria-labelledby="invite-create-heading">
        <h2 id="invite-create-heading">Invite someone</h2>
        <form
          className="settings-form"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = new FormData(form);
            setError(undefined);
            setCreated(undefined);
            create.mutate(
              { email: String(data.get("email") ?? ""), role: String(data.get("role") ?? "") },
              {
                onSuccess: (invite) => {
                  setCreated(invite);
                  form.reset();
                },
                onError: (caught) => setError(`No invitation created: ${errorMessage(caught)}`),
              },
            );
          }}
        >
          <label className="field">
            <span>Email</span>
            <input name="email" type="email" required autoComplete="off" />
          </label>
          <label className="field">
            <span>Role</span>
            <select name="role" defaultValue={roles.includes("member") ? "member" : roles[0]}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            Create invitation link
          </button>
        </form>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {created ? (
          <div className="secret-box" role="status">
            <strong>
              Invitation for {created.email} ({created.role}).
            </strong>{" "}
            Send this link to them; it is shown only now and works once, until{" "}
            {formatTime(created.expires_at)}:<code data-testid="invite-url">{created.url}</code>
          </div>
        ) : null}
      </section>

      <section className="settings-section" aria-labelledby="invites-heading">
        <h2 id="invites-heading">Invitations ({invites.data.items.length})</h2>
        {invites.data.items.length === 0 ? (
          <p className="muted">No invitations yet.</p>
        ) : (
          <TableScroll label="Invitations">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">State</th>
                  <th scope="col">Invited by</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invites.data.items.map((invite) => (
                  <tr key={invite.id}>
                    <td>{invite.email}</td>
                    <td>{invite.role}</td>
                    <td>{invite.state}</td>
                    <td>{invite.invited_by ?? <span className="muted">—</span>}</td>
                    <td>{formatTime(invite.expires_at)}</td>
                    <td>
                      {invite.state === "pending" ? (
                        <button
                          type="button"
                          className="button-danger"
                          disabled={revoke.isPending}
                          onClick={() =>
                            revoke.mutate(invite.id, {
                              onError: (caught) => setError(`Not revoked: ${errorMessage(caught)}`),
                            })
                          }
                        >
                          Revoke<span className="visually-hidden"> the invitation for {invite.email}</span>
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
