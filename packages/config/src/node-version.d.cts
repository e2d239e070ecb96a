/** Whether a version string such as "22.22.0" is at least the version the code base needs. */
export function isSupportedNodeVersion(version: string): boolean;
/** The lowest Node version the code base runs on, e.g. "22.22.0" (the root package.json's engines). */
export const requiredNodeVersion: string;
