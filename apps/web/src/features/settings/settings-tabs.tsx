"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/settings/members", label: "Members" },
  { href: "/settings/invites", label: "Invites" },
  { href: "/settings/api-tokens", label: "API tokens" },
  { href: "/settings/collectors", label: "Collectors" },
] as const;

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Settings">
      {TABS.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={pathname === tab.href ? "page" : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
