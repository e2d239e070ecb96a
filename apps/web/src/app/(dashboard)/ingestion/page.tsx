import type { Metadata } from "next";
import { NotBuiltYet } from "../../../features/shell/not-built-yet";

export const metadata: Metadata = { title: "Ingestion · CatSyphon" };

export default function IngestionPage() {
  return <NotBuiltYet title="Ingestion" api="/api/v1/ingestion/jobs" />;
}
