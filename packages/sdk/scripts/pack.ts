// `pnpm --filter @catsyphon/sdk npm-pack`: the tarball `npm publish` would send, into dist/ (after `pnpm build`).
import path from "node:path";

import { packForPublishing } from "@catsyphon/npm-package";

import { SDK_DIR, SDK_NPM_PACKAGE_DIR } from "./npm-package";

void packForPublishing(SDK_NPM_PACKAGE_DIR, path.join(SDK_DIR, "dist")).then((packed) => {
  for (const file of packed.files) process.stdout.write(`${String(file.size).padStart(9)}  ${file.path}\n`);
  process.stdout.write(`${packed.tarball} (${packed.size} bytes)\n`);
});
