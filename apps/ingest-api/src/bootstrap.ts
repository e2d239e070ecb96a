// The default workspace is shared with the web app and the admin CLI, so its slug and creation live in
// @catsyphon/accounts.
export { DEFAULT_WORKSPACE_SLUG, ensureDefaultWorkspace } from "@catsyphon/accounts";
