"use client";
// The dashboard's sections; the current one is marked for screen readers too (aria-current), not by colour alone.
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/", label: "Overview" },
  { href: "/conversations", label: "Conversations" },
  { href: "/projects", label: "Projects" },
  { href: "/developers", label: "Developers" },
  { href: "/search", label: "Search" },
  { href: "/ingestion", label: "Ingestion" },
  { href: "/settings", label: "Settings" },
] as const;

export function DashboardNav() {
  const pathname = usePathname();
  return (
    <nav className="sidenav" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => {
          const current =
            section.href === "/"
              ? pathname === "/"
              : pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link href={section.href} aria-current={current ? "page" : undefined}>
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
