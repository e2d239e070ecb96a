// `pnpm build`: writes the publishable package to dist/npm.
import { writeSdkNpmPackage } from "./npm-package";

void writeSdkNpmPackage().then((written) => {
  process.stdout.write(`${written.manifest.name}@${written.manifest.version} -> ${written.dir}\n`);
});
