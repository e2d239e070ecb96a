// How a day range in a time zone splits between the aggregates' two grains (decision 0053): the UTC days wholly
// inside it are read from the per-UTC-day tables, the rest (the partial UTC days at its two ends, when the zone is
// not UTC) from the 15-minute tables. Every current zone offset is a multiple of 15 minutes, so the split is exact.

/**
 * The CTE `range_grain` (one row): `lo`, `hi` the range's instants (local midnight of the first day, local midnight
 * after the last); `first_day`, `end_day` the whole UTC days [first_day, end_day) inside it (empty when end_day <=
 * first_day); `whole_from`, `whole_to` the same as instants. Arguments are SQL parameter references.
 */
export const rangeGrainCte = (tz: string, startDate: string, endDate: string) =>
  `range_grain AS (
     SELECT lo, hi, first_day, GREATEST(first_day, end_day) AS end_day,
            first_day::timestamp AT TIME ZONE 'UTC' AS whole_from,
            GREATEST(first_day, end_day)::timestamp AT TIME ZONE 'UTC' AS whole_to
     FROM (SELECT lo, hi,
                  -- The first UTC midnight at or after lo; the last at or before hi.
                  ((lo - interval '1 microsecond') AT TIME ZONE 'UTC')::date + 1 AS first_day,
                  (hi AT TIME ZONE 'UTC')::date AS end_day
           FROM (SELECT (${startDate}::date)::timestamp AT TIME ZONE ${tz} AS lo,
                        (${endDate}::date + 1)::timestamp AT TIME ZONE ${tz} AS hi) instants) days)`;

/** A day table's rows of the whole UTC days (joined with range_grain as `g`). */
export const wholeDays = (alias: string) => `${alias}.day >= g.first_day AND ${alias}.day < g.end_day`;

/** A 15-minute table's rows of the range outside its whole UTC days (joined with range_grain as `g`). */
export const partialDayBuckets = (alias: string) =>
  `((${alias}.bucket_start >= g.lo AND ${alias}.bucket_start < LEAST(g.whole_from, g.hi))
    OR (${alias}.bucket_start >= GREATEST(g.whole_to, g.lo) AND ${alias}.bucket_start < g.hi))`;

/** A 15-minute table's rows of the whole range (joined with range_grain as `g`). */
export const rangeBuckets = (alias: string) =>
  `${alias}.bucket_start >= g.lo AND ${alias}.bucket_start < g.hi`;
