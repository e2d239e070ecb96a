// A section the navigation names but whose page is not built yet: says so plainly, with what exists instead.
import Link from "next/link";

export function NotBuiltYet({ title, api }: { title: string; api: string }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="notice">
        <p>This page is not built yet.</p>
        <p>
          Its data will come from <code>{api}</code>. Until then, the{" "}
          <Link href="/conversations">conversations</Link> list shows every session.
        </p>
      </div>
    </>
  );
}
