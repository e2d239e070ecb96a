// The dashboard opens on the conversations list until the overview page is built (decision 0041).
import { redirect } from "next/navigation";

export default function HomePage() {
  redirect("/conversations");
}
