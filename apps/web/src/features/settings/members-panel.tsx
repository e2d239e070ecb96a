"use client";
// Members: change a role, remove someone. The API enforces who may do what (admins manage members and viewers,
// owners everyone, the last owner stays); the form offers only what this user may do and shows the API's refusals.
import { useState } from "react";
import { z } from "zod";
import { apiRequest, errorMessage } from "../../client/api-client";
import { formatTime } from "../../client/format";
import { memberListSchema, memberSchema, roleSchema } from "../members/schemas";
import { useSettingsList, useSettingsMutation } from "./use-settings-list";
import { TableScroll } from "../../client/table-scroll";

type MemberList = z.output<typeof memberListSchema>;
type MembershipRole = z.output<typeof roleSchema>;
const PATH = "/api/v1/members";

export function MembersPanel({
  initial,
  manageableRoles,
  currentUserId,
}: {
  initial: MemberList;
  manageableRoles: readonly MembershipRole[];
  currentUserId: string;
}) {
  const members = useSettingsList(PATH, memberListSchema, initial);
  const [notice, setNotice] = useState<{ kind: "error" | "ok"; text: string }>();
  const changeRole = useSettingsMutation(PATH, (input: { userId: string; role: MembershipRole }) =>
    apiRequest(`${PATH}/${input.userId}`, memberSchema, { method: "PATCH", json: { role: input.role } }),
  );
  const remove = useSettingsMutation(PATH, (userId: string) =>
    apiRequest(`${PATH}/${userId}`, z.undefined(), { method: "DELETE" }),
  );
  const canManage = (role: MembershipRole) => manageableRoles.includes(role);

  return (
    <section className="settings-section" aria-labelledby="members-heading">
      <h2 id="members-heading">Members ({members.data.items.length})</h2>
      {notice ? (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={notice.kind === "error" ? "error" : "muted"}
        >
          {notice.text}
        </p>
      ) : null}
      <TableScroll label="Members">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((member) => {
              const editable = canManage(member.role) && member.user_id !== currentUserId;
              return (
                <tr key={member.user_id}>
                  <td>
                    {member.email}
                    {member.disabled ? <span className="muted"> (disabled)</span> : null}
                    {member.user_id === currentUserId ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>{member.name ?? <span className="muted">—</span>}</td>
                  <td>
                    {editable ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) => {
                          const role = roleSchema.parse(event.target.value);
                          changeRole.mutate(
                            { userId: member.user_id, role },
                            {
                              onSuccess: () =>
                                setNotice({ kind: "ok", text: `${member.email} is now ${role}.` }),
                              onError: (error) =>
                                setNotice({
                                  kind: "error",
                                  text: `Role not changed: ${errorMessage(error)}`,
                                }),
                            },
                          );
                        }}
                      >
                        {roleSchema.options
                          .filter((role) => canManage(role) || role === member.role)
                          .map((role) => (
                            <option key={role} value={role}>
                              {role}
                            </option>
                          ))}
                      </select>
                    ) : (
                      member.role
                    )}
                  </td>
                  <td>{formatTime(member.joined_at)}</td>
                  <td>{formatTime(member.last_login_at)}</td>
                  <td>
                    {editable ? (
                      <button
                        type="button"
                        className="button-danger"
                        disabled={remove.isPending}
                        onClick={() => {
                          if (!window.confirm(`Remove ${member.email} from this workspace?`)) return;
                          remove.mutate(member.user_id, {
                            onSuccess: () => setNotice({ kind: "ok", text: `${member.email} was removed.` }),
                            onError: (error) =>
                              setNotice({ kind: "error", text: `Not removed: ${errorMessage(error)}` }),
                          });
                        }}
                      >
                        Remove<span className="visually-hidden"> {member.email}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
