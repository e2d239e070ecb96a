import type { Metadata } from "next";
import { NotBuiltYet } from "../../features/shell/not-built-yet";

export const metadata: Metadata = { title: "Overview · CatSyphon" };

export default function OverviewPage() {
  return <NotBuiltYet title="Overview" api="/api/v1/stats/overview" />;
}
