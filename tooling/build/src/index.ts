export {
  bundleService,
  type BundleResult,
  type BundleServiceOptions,
  type CopiedAsset,
} from "./bundle-service";
export { copyPackage, packageDir } from "./copy-package";
