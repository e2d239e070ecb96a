// Any other path under /api/v1 answers the API's JSON 404 (not Next's HTML page), whatever the method.
import { errorResponse, notFound } from "../../../../server/http";

const unknownRoute = () => errorResponse(notFound("No such API route; see /api/v1/openapi.json"));

export const GET = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
