// Small read-shape pieces every feature uses; the OpenAPI document is generated from the same schemas.
import { z } from "zod";

export const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 time");
export const nullableTimestamp = timestamp.nullable();

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe("1-based page number"),
};

/** `{items, total, page, page_size, pages}` around a list of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.int().min(0),
    page: z.int().min(1),
    page_size: z.int().min(1),
    pages: z.int().min(0),
  });
}

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
