import { version } from "../package.json";

/** Version of this SDK (its package.json's, which the npm package carries), sent in the default User-Agent. */
export const SDK_VERSION: string = version;
