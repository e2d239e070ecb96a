export {
  bundleService,
  type BundleResult,
  type BundleServiceOptions,
  type CopiedAsset,
} from "./bundle-service";
export { copyPackage, packageDir } from "./copy-package";
export { type BuiltOutput, type BuiltOutputName, builtOutputs, REPO_ROOT } from "./outputs";
