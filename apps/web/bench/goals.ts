// The goals of issue 14 for `pnpm bench:web`, and how a pair of 1x / 4x measurements meets them.
import { type Measurement } from "./latency";

export type Kind = "list" | "overview" | "detail" | "search";

/** p95 growth from 1x to 4x, and p95 at 4x on this machine. */
export const GOALS: Record<Kind, { growth: number; p95Ms: number }> = {
  list: { growth: 1.3, p95Ms: 50 },
  overview: { growth: 1.3, p95Ms: 100 },
  detail: { growth: 1.3, p95Ms: 100 },
  search: { growth: 2, p95Ms: 300 },
};

export type Verdict = "PASS" | "FAIL" | "missing" | "error";

export interface Judged {
  growth: number | null;
  growthVerdict: Verdict;
  p95Verdict: Verdict;
}

export function judge(kind: Kind, x1: Measurement, x4: Measurement): Judged {
  if (x1.state === "missing" || x4.state === "missing") {
    return { growth: null, growthVerdict: "missing", p95Verdict: "missing" };
  }
  if (x1.state !== "ok" || x4.state !== "ok")
    return { growth: null, growthVerdict: "error", p95Verdict: "error" };
  const growth = x4.p95 / x1.p95;
  return {
    growth,
    growthVerdict: growth <= GOALS[kind].growth ? "PASS" : "FAIL",
    p95Verdict: x4.p95 <= GOALS[kind].p95Ms ? "PASS" : "FAIL",
  };
}
