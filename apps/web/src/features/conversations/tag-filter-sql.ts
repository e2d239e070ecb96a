import "server-only";
// The list's `tag` filter as SQL (decision 0035): key:value is JSONB containment (GIN jsonb_path_ops), `tag=key` a
// key-present-and-truthy test.
import { Prisma } from "@catsyphon/db";
import { type TagCondition } from "./tag-filter";

/** The JSON values `value` can stand for: the string itself, and a boolean or number when it reads as one. */
function literalsOf(value: string): Prisma.InputJsonValue[] {
  const literals: Prisma.InputJsonValue[] = [value];
  if (value === "true" || value === "false") literals.push(value === "true");
  else if (/^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(Number(value))) literals.push(Number(value));
  return literals;
}

const FALSY_JSON = ["false", "null", "0", '""', "[]", "{}"];

/** SQL over `c.tags` that every condition holds. */
export function tagConditionsSql(conditions: readonly TagCondition[]): Prisma.Sql {
  return Prisma.join(
    conditions.map(({ key, value }) => {
      if (value === undefined) {
        return Prisma.sql`(c.tags ? ${key} AND NOT (c.tags -> ${key} = ANY(${FALSY_JSON}::jsonb[])))`;
      }
      const containments = literalsOf(value).flatMap((literal) => [
        JSON.stringify({ [key]: literal }),
        JSON.stringify({ [key]: [literal] }),
      ]);
      return Prisma.sql`(${Prisma.join(
        containments.map((json) => Prisma.sql`c.tags @> ${json}::jsonb`),
        " OR ",
      )})`;
    }),
    " AND ",
  );
}
