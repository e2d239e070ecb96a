export { bundle, type BundleOptions, type BundleResult } from "./bundle";
export { bundleDeclarations, importedModules, type DeclarationsOptions } from "./declarations";
export { installedPackage, type InstalledPackage, packageNameOf } from "./installed-package";
export { type PublishedManifest, publishableManifest, publishProblems } from "./manifest";
export { thirdPartyNotices } from "./notices";
export {
  createNpmHome,
  npm,
  npmEnvironment,
  npmPack,
  packForPublishing,
  type NpmHome,
  type PackResult,
  pathWithThisNode,
  run,
  type CommandResult,
} from "./npm";
export { publishedReadme } from "./readme";
export { repoRootOf } from "./repo-root";
export { DIST, type NpmPackageSpec, writeNpmPackage, type WrittenPackage } from "./write-package";
