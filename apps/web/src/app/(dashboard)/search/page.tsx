import type { Metadata } from "next";
import { NotBuiltYet } from "../../../features/shell/not-built-yet";

export const metadata: Metadata = { title: "Search · CatSyphon" };

export default function SearchPage() {
  return <NotBuiltYet title="Search" api="/api/v1/search" />;
}
