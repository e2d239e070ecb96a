// `pnpm build`: writes the publishable package to dist/npm.
import { writeCliNpmPackage } from "./npm-package";

void writeCliNpmPackage().then((written) => {
  process.stdout.write(`${written.manifest.name}@${written.manifest.version} -> ${written.dir}\n`);
});
