import { openApiDocument } from "../../../../server/openapi";

export function GET(): Response {
  return Response.json(openApiDocument());
}
