import { envShape, text } from "../fields";

// The headless bootstrap admin credential of the default workspace: the ingest API accepts it for admin calls,
// and the watcher uses it to fetch the built-in collector's key when it has none.
export const adminTokenFragment = envShape({
  // Long enough not to be guessable.
  CATSYPHON_ADMIN_TOKEN: text(24).optional(),
});
