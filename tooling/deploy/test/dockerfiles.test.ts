// The Dockerfiles under infra/docker: lint-clean (dockerfile-utils), buildable by buildah/podman and the classic
// Docker builder (no BuildKit-only syntax), and built to run unprivileged on a read-only root file system.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { dockerDir, imageNames, root, serverImages } from "./paths";

function dockerfile(name: string): string {
  return readFileSync(path.join(dockerDir, `${name}.Dockerfile`), "utf8");
}

function instructions(name: string): Instruction[] {
  return DockerfileParser.parse(dockerfile(name)).getInstructions();
}

function args(instruction: Instruction): string[] {
  return instruction.getArguments().map((arg) => arg.getValue());
}

describe("the linter itself", () => {
  it("reports a broken Dockerfile (so a clean result means something)", () => {
    const diagnostics = validate("FROM\nCOPY\nHEALTHCHECK CMD\nUSER\n");
    expect(diagnostics.length).toBeGreaterThan(0);
  });
});

describe.each(imageNames)("%s.Dockerfile", (name) => {
  it("has no dockerfile-utils diagnostics", () => {
    const diagnostics = validate(dockerfile(name)).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(diagnostics).toEqual([]);
  });

  it("builds FROM the base named by ARG NODE_IMAGE", () => {
    const [first, second] = instructions(name);
    expect(first?.getKeyword()).toBe("ARG");
    expect(args(first!)[0]).toMatch(/^NODE_IMAGE=/);
    expect(second?.getKeyword()).toBe("FROM");
    expect(args(second!)).toEqual(["${NODE_IMAGE}"]);
    expect(instructions(name).filter((i) => i.getKeyword() === "FROM")).toHaveLength(1);
  });

  it("uses nothing BuildKit-only (buildah and the classic builder here lack it)", () => {
    const text = dockerfile(name);
    expect(text).not.toMatch(/^#\s*(syntax|check)\s*=/im);
    expect(text).not.toMatch(/--(mount|link|exclude|parents|chmod|checksum|keep-git-dir|security|network)\b/);
    expect(text).not.toMatch(/<<-?\s*["']?[A-Z]+["']?\s*$/m);
  });

  it("runs as an unprivileged numeric user, set after the last root-only step", () => {
    const all = instructions(name);
    const users = all.filter((i) => i.getKeyword() === "USER");
    expect(users).toHaveLength(1);
    const [uid, gid] = args(users[0]!)[0]!.split(":");
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
    const userIndex = all.indexOf(users[0]!);
    const lateBuildSteps = all
      .slice(userIndex)
      .filter((i) => ["RUN", "COPY", "ADD"].includes(i.getKeyword()));
    expect(lateBuildSteps).toEqual([]);
  });

  it("is production Node with an exec-form ENTRYPOINT", () => {
    const all = instructions(name);
    const env = all
      .filter((i) => i.getKeyword() === "ENV")
      .flatMap(args)
      .join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    const entrypoints = all.filter((i) => i.getKeyword() === "ENTRYPOINT");
    expect(entrypoints).toHaveLength(1);
    expect(entrypoints[0]!.getArgumentsContent()).toMatch(/^\[".+"\]$/);
  });

  it("never ADDs from a URL or copies a source tree", () => {
    const copies = instructions(name).filter((i) => ["ADD", "COPY"].includes(i.getKeyword()));
    expect(copies.filter((i) => i.getKeyword() === "ADD")).toEqual([]);
    for (const copy of copies) {
      const sources = args(copy)
        .filter((a) => !a.startsWith("--"))
        .slice(0, -1);
      for (const source of sources) expect(source).toMatch(/(^|\/)(dist|standalone|static|prefix)\/$/);
    }
  });
});

describe.each(serverImages)("%s.Dockerfile (a server)", (name) => {
  it("has a HEALTHCHECK that asks /ready with node (no curl in the base)", () => {
    const checks = instructions(name).filter((i) => i.getKeyword() === "HEALTHCHECK");
    expect(checks).toHaveLength(1);
    const content = checks[0]!.getArgumentsContent() ?? "";
    expect(content).toMatch(/CMD \["node", "-e", ".*\/ready/);
  });

  it("exposes the port its HEALTHCHECK asks", () => {
    const all = instructions(name);
    const exposed = all.filter((i) => i.getKeyword() === "EXPOSE").flatMap(args);
    expect(exposed).toHaveLength(1);
    const check = all.find((i) => i.getKeyword() === "HEALTHCHECK")!.getArgumentsContent() ?? "";
    expect(check).toContain(`|| ${exposed[0]})`);
  });
});

describe("the one-shot images", () => {
  it.each(["migrate", "watcher"])("%s declares HEALTHCHECK NONE", (name) => {
    const checks = instructions(name).filter((i) => i.getKeyword() === "HEALTHCHECK");
    expect(checks.map(args)).toEqual([["NONE"]]);
  });
});

describe(".dockerignore", () => {
  const lines = readFileSync(path.join(root, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

  it("excludes everything first, so only what is let back in reaches a build", () => {
    expect(lines[0]).toBe("*");
  });

  it("lets back in exactly what the repository-root Dockerfiles copy", () => {
    const copied = imageNames
      .filter((name) => name !== "watcher")
      .flatMap((name) => instructions(name).filter((i) => i.getKeyword() === "COPY"))
      .map((copy) => args(copy).filter((a) => !a.startsWith("--"))[0]!);
    const included = lines.filter((line) => line.startsWith("!")).map((line) => line.slice(1));
    expect([...new Set(copied)].sort()).toEqual([...included].sort());
  });

  it("keeps .env files out even inside a build output", () => {
    expect(lines).toEqual(expect.arrayContaining(["**/.env", "**/.env.*"]));
  });
});
