import { type NextFunction, type Request, type Response } from "express";

/**
 * Collectors may run in browsers (the SDK supports it). Credentials travel in the Authorization header, never in
 * cookies, so any origin may call; preflights are answered here, and Retry-After / RateLimit headers are exposed
 * so a browser client can honour them.
 */
export function cors(req: Request, res: Response, next: NextFunction) {
  if (!req.get("origin")) return next();
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader(
    "Access-Control-Expose-Headers",
    "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, X-Request-Id",
  );
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader(
      "Access-Control-Allow-Headers",
      "Authorization, X-Collector-ID, Content-Type, X-Request-Id",
    );
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
    return;
  }
  next();
}
