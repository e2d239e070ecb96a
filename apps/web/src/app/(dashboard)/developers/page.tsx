import type { Metadata } from "next";
import { NotBuiltYet } from "../../../features/shell/not-built-yet";

export const metadata: Metadata = { title: "Developers · CatSyphon" };

export default function DevelopersPage() {
  return <NotBuiltYet title="Developers" api="/api/v1/developers" />;
}
