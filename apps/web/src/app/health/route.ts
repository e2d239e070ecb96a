// Liveness: the process answers. Readiness (Postgres and Redis) is /ready.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" });
}
