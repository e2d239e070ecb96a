#!/usr/bin/env node
// The `catsyphon` command: runs the TypeScript CLI through tsx (the monorepo ships TypeScript sources).
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
