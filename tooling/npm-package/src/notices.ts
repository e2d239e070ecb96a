// Third-party notices: the license texts of the packages whose code a bundle contains. Their licenses (MIT and
// the like) ask that the notice travel with every copy, and inside a bundle their own LICENSE files do not.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { type InstalledPackage } from "./installed-package";

const LICENSE_FILE = /^(?:licen[cs]e|copying)(?:[.-].*)?$/i;

export async function thirdPartyNotices(packages: readonly InstalledPackage[]): Promise<string> {
  const sections: string[] = [];
  for (const pkg of packages) {
    const files = (await readdir(pkg.dir)).filter((file) => LICENSE_FILE.test(file)).sort();
    const [file] = files;
    if (file === undefined)
      throw new Error(`${pkg.name}@${pkg.version} (bundled) has no license file in ${pkg.dir}`);
    const text = (await readFile(path.join(pkg.dir, file), "utf8")).trim();
    sections.push(`## ${pkg.name}@${pkg.version} (${pkg.license ?? "see below"})\n\n${text}\n`);
  }
  return `# Third-party notices\n\nThis package bundles code of the following packages.\n\n${sections.join("\n")}`;
}
