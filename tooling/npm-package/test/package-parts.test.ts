// The pure parts of a published package: its README, its manifest checks, what its declarations import.
import { describe, expect, it } from "@jest/globals";

import { importedModules, packageNameOf, publishedReadme, publishProblems } from "../src";

describe("publishedReadme", () => {
  it("drops the workspace-only parts and keeps the rest", () => {
    const readme = [
      "# pkg",
      "",
      "Use it.",
      "",
      "<!-- workspace-only -->",
      "In this repository: pnpm test.",
      "<!-- /workspace-only -->",
      "",
      "## API",
      "",
      "<!-- workspace-only -->",
      "## Tests",
      "<!-- /workspace-only -->",
      "",
    ].join("\n");
    expect(publishedReadme(readme)).toBe("# pkg\n\nUse it.\n\n## API\n\n");
  });

  it("refuses an unclosed marker", () => {
    expect(() => publishedReadme("a\n<!-- workspace-only -->\nb\n")).toThrow(/without/);
    expect(() => publishedReadme("a\n<!-- /workspace-only -->\n")).toThrow(/without/);
  });
});

describe("publishProblems", () => {
  it("names what only this repository could install", () => {
    expect(
      publishProblems({
        private: true,
        dependencies: { zod: "catalog:", "@catsyphon/protocol": "workspace:*", chokidar: "6.0.0" },
        devDependencies: { local: "file:../x", "@catsyphon/testing": "0.0.0" },
      }),
    ).toEqual([
      "it is private",
      'dependencies.zod is "catalog:"',
      'dependencies.@catsyphon/protocol is "workspace:*"',
      'devDependencies.local is "file:../x"',
      "devDependencies.@catsyphon/testing: workspace packages are bundled, not depended on",
    ]);
  });

  it("accepts registry versions", () => {
    expect(publishProblems({ dependencies: { zod: "^4.6.7", chokidar: "6.0.0" } })).toEqual([]);
  });
});

describe("importedModules", () => {
  it("finds imports, import() types and type references by package name", () => {
    const declarations = [
      "import { z } from 'zod';",
      'export type A = import("@scope/pkg/sub").B;',
      '/// <reference types="node" />',
      'export * from "zod/mini";',
    ].join("\n");
    expect(importedModules(declarations)).toEqual(["@scope/pkg", "node", "zod"]);
  });
});

describe("packageNameOf", () => {
  it("names the package of an import path, and none for built-ins and relative paths", () => {
    expect(packageNameOf("zod/mini")).toBe("zod");
    expect(packageNameOf("@scope/pkg/x")).toBe("@scope/pkg");
    expect(packageNameOf("node:fs")).toBeUndefined();
    expect(packageNameOf("fs")).toBeUndefined();
    expect(packageNameOf("./local")).toBeUndefined();
  });
});
