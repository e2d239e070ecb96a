import type { Metadata } from "next";
import { Suspense } from "react";
import { SearchView } from "../../../features/search/ui/search-view";

export const metadata: Metadata = { title: "Search · CatSyphon" };

export default function SearchPage() {
  return (
    <>
      <h1>Search</h1>
      <Suspense>
        <SearchView />
      </Suspense>
    </>
  );
}
