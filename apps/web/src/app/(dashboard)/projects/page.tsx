import type { Metadata } from "next";
import { NotBuiltYet } from "../../../features/shell/not-built-yet";

export const metadata: Metadata = { title: "Projects · CatSyphon" };

export default function ProjectsPage() {
  return <NotBuiltYet title="Projects" api="/api/v1/projects" />;
}
