import { version } from "../package.json";

/** The CLI's version (its package.json's, which the npm package carries): `--version`, and sent when it registers. */
export const WATCHER_VERSION: string = version;
