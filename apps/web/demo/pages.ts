// The dashboard's pages as the file system holds them (every page.tsx under src/app, route groups dropped, as Next
// maps them), so pages added later are screenshotted without editing this script.
import { readdirSync } from "node:fs";
import path from "node:path";

const APP_DIR = path.resolve(__dirname, "..", "src", "app");

export interface PageRoute {
  /** "/", "/conversations/[id]", "/settings/members" */
  template: string;
  /** A file name for it: "overview", "conversations-detail", "settings-members" */
  name: string;
}

export function pageRoutes(): PageRoute[] {
  return readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((segment) => segment !== "." && segment !== "" && !/^\(.*\)$/.test(segment));
      const template = `/${segments.join("/")}`;
      const name =
        segments.length === 0
          ? "overview"
          : segments.map((segment) => (/^\[.+\]$/.test(segment) ? "detail" : segment)).join("-");
      return { template, name };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

/** The URL of a route with its `[param]` segments filled; null when a parameter has no value. */
export function pageUrl(route: PageRoute, params: Record<string, string>): string | null {
  let missing = false;
  const url = route.template.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_match, name: string) => {
    const value = params[`${route.template.split("/")[1]}.${name}`];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? "");
  });
  return missing ? null : url;
}
