/** Version of this SDK, sent in the default User-Agent. Keep in step with package.json. */
export const SDK_VERSION = "0.0.0";
