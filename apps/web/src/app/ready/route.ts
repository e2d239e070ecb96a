import { databaseClients, redis } from "../../server/db";

export const dynamic = "force-dynamic";

/** 200 when Postgres (the primary and the read replica, if one is set) and Redis answer, else 503 naming the one that does not. */
export async function GET(): Promise<Response> {
  const postgresChecks = databaseClients().map((client) => client.$queryRaw`SELECT 1`);
  const checks = await Promise.allSettled([Promise.all(postgresChecks), redis().ping()]);
  const [postgres, redisCheck] = checks.map((check) => (check.status === "fulfilled" ? "ok" : "down"));
  const ready = postgres === "ok" && redisCheck === "ok";
  return Response.json(
    { status: ready ? "ready" : "not_ready", postgres, redis: redisCheck },
    { status: ready ? 200 : 503 },
  );
}
