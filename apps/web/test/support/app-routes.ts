// The routes the app really has, read from the file system the way Next maps it: every route.ts under
// src/app/api/v1 with the HTTP methods it exports, and every page.tsx under src/app with its URL. The access walk
// compares them with its table, so a route or page added without being walked fails the test by name.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const APP_DIR = path.join(__dirname, "..", "..", "src", "app");
const API_DIR = path.join(APP_DIR, "api", "v1");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.join(dir, file));
}

/** A folder path as a URL template: route groups `(x)` dropped, `[id]` as `{id}`, `[...path]` as `{...path}`. */
function urlTemplate(base: string, folder: string): string {
  const segments = folder
    .split(path.sep)
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}"));
  return `${base}/${segments.join("/")}`.replace(/\/+$/, "") || "/";
}

/** "GET /api/v1/conversations/{id}" for every handler an /api/v1 route file exports. */
export function apiRouteHandlers(): string[] {
  return filesNamed(API_DIR, "route.ts").flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const methods = HTTP_METHODS.filter((method) =>
      new RegExp(`export\\s+(?:const|(?:async\\s+)?function)\\s+${method}\\b`).test(source),
    );
    // A file whose exports this reader cannot see must not pass as "nothing to walk".
    if (methods.length === 0) throw new Error(`${file} exports no handler this test recognizes`);
    const template = urlTemplate("/api/v1", path.relative(API_DIR, path.dirname(file)));
    return methods.map((method) => `${method} ${template}`);
  });
}

/** The URL template of every page: "/", "/conversations/{id}", "/settings/members", ... */
export function pageUrls(): string[] {
  return filesNamed(APP_DIR, "page.tsx").map((file) =>
    urlTemplate("", path.relative(APP_DIR, path.dirname(file))),
  );
}

/** Fills a template's `{name}` segments. */
export function fillTemplate(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(?:\.\.\.)?(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}
