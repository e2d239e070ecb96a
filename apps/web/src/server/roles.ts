// What each role may do (issue 14 item 2), and what each API token scope stands for. One table: the route wrapper
// checks a route's permission against it, nothing else decides.
import { type ApiTokenScope } from "@catsyphon/accounts";
import { type MembershipRole } from "@catsyphon/db";

export const PERMISSIONS = [
  // Read conversations, projects, stats, members.
  "read",
  // Correct a conversation's tags by hand and ask for it to be re-tagged.
  "edit_tags",
  // Invite, change the role of and remove members and viewers; manage API tokens and collectors.
  "manage",
  // Also make, change and remove owners and admins.
  "manage_admins",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<MembershipRole, readonly Permission[]> = {
  owner: ["read", "edit_tags", "manage", "manage_admins"],
  admin: ["read", "edit_tags", "manage"],
  member: ["read", "edit_tags"],
  viewer: ["read"],
};

/** An admin-scoped token acts as an admin of its workspace (never as an owner); a read token only reads. */
export const SCOPE_PERMISSIONS: Record<ApiTokenScope, readonly Permission[]> = {
  admin: ["read", "edit_tags", "manage"],
  read: ["read"],
};

/** Roles an actor with these permissions may hand out, change or take away. */
export function manageableRoles(permissions: ReadonlySet<Permission>): readonly MembershipRole[] {
  if (permissions.has("manage_admins")) return ["owner", "admin", "member", "viewer"];
  if (permissions.has("manage")) return ["member", "viewer"];
  return [];
}
