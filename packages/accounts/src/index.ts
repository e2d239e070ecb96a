export {
  API_TOKEN_PREFIX,
  API_TOKEN_SCOPES,
  ApiTokenError,
  type ApiTokenCheck,
  type ApiTokenScope,
  type ApiTokenSummary,
  apiTokenSummaryFields,
  checkApiToken,
  createApiToken,
  createWorkspaceApiToken,
  type CreatedApiToken,
  listApiTokens,
  listWorkspaceApiTokens,
  revokeApiToken,
  revokeWorkspaceApiToken,
} from "./api-tokens";
export {
  createCollectorWithKey,
  type CreatedCollector,
  issueCollectorKey,
  type IssuedCollectorKey,
  type NewCollector,
} from "./collector-keys";
export { listCollectors, revokeCollector } from "./collectors";
export {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyAgainstDummy,
  verifyPassword,
} from "./passwords";
export { digestsEqual, randomAlphanumeric, secretsEqual, sha256Hex } from "./secrets";
export {
  createUser,
  type CreatedUser,
  emailSchema,
  listUsers,
  MEMBERSHIP_ROLES,
  normalizeEmail,
  passwordSchema,
  resetPassword,
  setPassword,
  setUserDisabled,
} from "./users";
export {
  AccountsError,
  createWorkspace,
  DEFAULT_WORKSPACE_SLUG,
  ensureDefaultWorkspace,
  listWorkspaces,
  slugify,
  workspaceIdOf,
} from "./workspaces";
