// The route template of a request to the web app, for the request metrics' route label: the page or route handler
// Next would serve it with ("/api/v1/conversations/[id]"), read from the build's routes manifest, so the label's
// values are the app's routes and never a raw URL (decision 0068). Next's own assets share one label.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const manifestRouteSchema = z.object({ page: z.string(), regex: z.string() });
const routesManifestSchema = z.object({
  staticRoutes: z.array(manifestRouteSchema),
  dynamicRoutes: z.array(manifestRouteSchema),
});

export const UNMATCHED_ROUTE = "unmatched";
const NEXT_ASSETS = "/_next/*";

export type RouteTemplateOf = (url: string | undefined) => string;

/** A matcher over the build in `appDir/.next`; with no readable manifest, every path but Next's assets is "unmatched". */
export function routeTemplates(appDir: string): RouteTemplateOf {
  let routes: { page: string; pattern: RegExp }[] = [];
  try {
    const manifest = routesManifestSchema.parse(
      JSON.parse(readFileSync(path.join(appDir, ".next", "routes-manifest.json"), "utf8")),
    );
    // Static routes first: "/api/v1/conversations" must not be taken by a dynamic route's pattern.
    routes = [...manifest.staticRoutes, ...manifest.dynamicRoutes].map((route) => ({
      page: route.page,
      pattern: new RegExp(route.regex),
    }));
  } catch {
    routes = [];
  }
  return (url) => {
    const pathname = (url ?? "/").split("?")[0] ?? "/";
    if (pathname.startsWith("/_next/")) return NEXT_ASSETS;
    return routes.find((route) => route.pattern.test(pathname))?.page ?? UNMATCHED_ROUTE;
  };
}
