import { invalidBodyError } from "@catsyphon/protocol";
import { type z } from "zod";
import { ApiError } from "../http/api-error";

/** Validates a request body with a protocol schema; a failure is a 400 listing every issue with its path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return validBody(schema.safeParse(body));
}

/** The data of a successful body validation; a failure is a 400 listing every issue with its path. */
export function validBody<T>(result: z.ZodSafeParseResult<T>): T {
  if (!result.success) {
    const { message, details } = invalidBodyError(result.error);
    throw new ApiError("invalid_body", message, { details });
  }
  return result.data;
}
